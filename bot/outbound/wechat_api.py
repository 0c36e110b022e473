"""WeChat Official Account API client: access token, customer-service messages, custom menu.

The access token is shared by every process through the Store: WeChat allows ~2000 plain
`token` fetches a day and a new token invalidates the old one after ~5 minutes, so one fetch must
serve every worker. It is refreshed by one process at a time under a Store lock; the others wait
and then read what that process stored.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any

import httpx

from bot.store import Store, StoreError
from bot.store.keys import Keys

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.weixin.qq.com"
STALE_TOKEN_CODES = frozenset({40001, 42001, 40014})   # invalid / expired / malformed token
# Wrong credentials or a missing IP whitelist: the plain `token` endpoint would fail the same way.
_CREDENTIAL_CODES = frozenset({40013, 40125, 40164, 41002, 41004, 40243})
_SAFETY_MARGIN = 300          # refresh 5 min before WeChat says the token expires
_MIN_TTL = 60
_LOCK_TTL = 15.0              # bounds how long a crashed refresher blocks the others
_LOCK_WAIT = 8.0


class WeChatAPIError(Exception):
    """WeChat answered with an error code, or could not be reached (code -1)."""

    def __init__(self, code: int, message: str):
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"WeChat API error {self.code}: {self.message}"


class WeChatClient:
    def __init__(self, app_id: str, app_secret: str, store: Store, keys: Keys, *,
                 base_url: str = DEFAULT_BASE_URL, client: httpx.Client | None = None,
                 timeout: float = 5.0, retries: int = 2, backoff: float = 0.3):
        self.app_id, self._secret = app_id, app_secret
        self.store, self.keys = store, keys
        self.base_url = base_url.rstrip("/")
        self.http = client or httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)))
        self.retries = retries      # extra attempts on transport errors, 5xx and WeChat's -1 "busy"
        self.backoff = backoff

    # --- transport ---
    def _request(self, method: str, path: str, *, params: dict | None = None,
                 body: Any = None) -> dict:
        """One API call with bounded retries; returns the JSON answer or raises WeChatAPIError.

        The body is sent as raw UTF-8: WeChat shows `\\uXXXX` escapes literally in messages and menus.
        """
        content = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"} if content else None
        last = "no attempt"
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                resp = self.http.request(method, self.base_url + path, params=params,
                                         content=content, headers=headers)
            except httpx.HTTPError as e:
                # the URL may hold the app secret: name only the kind of failure
                last = f"could not reach WeChat ({type(e).__name__})"
                continue
            if resp.status_code >= 500:
                last = f"WeChat answered HTTP {resp.status_code}"
                continue
            if resp.status_code != 200:
                raise WeChatAPIError(-1, f"WeChat answered HTTP {resp.status_code} for {path}")
            try:
                data = resp.json()
            except ValueError:
                raise WeChatAPIError(-1, f"WeChat answered something that is not JSON for {path}") from None
            if not isinstance(data, dict):
                raise WeChatAPIError(-1, f"unexpected answer from WeChat for {path}")
            code = int(data.get("errcode") or 0)
            if code == -1:          # "system busy, retry later"
                last = str(data.get("errmsg") or "system busy")
                continue
            if code:
                raise WeChatAPIError(code, str(data.get("errmsg") or "unknown error"))
            return data
        raise WeChatAPIError(-1, f"{last} after {self.retries + 1} attempts for {path}")

    # --- access token ---
    def _cached_token(self) -> str | None:
        try:
            data = self.store.get_json(self.keys.access_token(self.app_id))
        except StoreError:
            return None
        return data.get("token") if isinstance(data, dict) else None

    def _fetch_token(self, force: bool) -> tuple[str, int]:
        if not self.app_id or not self._secret:
            raise WeChatAPIError(41002, "WECHAT_APP_ID and WECHAT_APP_SECRET must both be set")
        try:
            data = self._request("POST", "/cgi-bin/stable_token", body={
                "grant_type": "client_credential", "appid": self.app_id,
                "secret": self._secret, "force_refresh": force})
        except WeChatAPIError as e:
            if e.code in _CREDENTIAL_CODES:
                raise
            log.warning("stable_token failed (%s); falling back to /cgi-bin/token", e)
            data = self._request("GET", "/cgi-bin/token", params={
                "grant_type": "client_credential", "appid": self.app_id, "secret": self._secret})
        token = data.get("access_token")
        if not token:
            raise WeChatAPIError(-1, "WeChat answered without an access_token")
        return str(token), int(data.get("expires_in") or 7200)

    def access_token(self, force: bool = False, stale: str | None = None) -> str:
        """The shared token; `force` replaces `stale` (a token WeChat just rejected)."""
        if not force:
            token = self._cached_token()
            if token:
                return token
        key = self.keys.access_token(self.app_id)
        try:
            lock = self.store.lock(self.keys.access_token_lock(self.app_id), ttl=_LOCK_TTL, wait=_LOCK_WAIT)
            with lock as acquired:
                # whoever held the lock before us may have stored a fresh token already
                token = self._cached_token()
                if token and token != stale:
                    return token
                if not acquired:
                    log.warning("access-token lock not acquired in %.0fs; fetching anyway", _LOCK_WAIT)
                token, expires_in = self._fetch_token(force)
                ttl = max(_MIN_TTL, expires_in - _SAFETY_MARGIN)
                try:
                    self.store.set_json(key, {"token": token, "at": time.time()}, ttl)
                except StoreError:
                    log.warning("store unreachable: the new access token is not shared")
                return token
        except StoreError:
            log.warning("store unreachable: fetching an unshared access token")
            return self._fetch_token(force)[0]

    def call(self, method: str, path: str, body: Any = None) -> dict:
        """An authenticated call; a stale-token answer refreshes the token once and retries once."""
        token = self.access_token()
        try:
            return self._request(method, path, params={"access_token": token}, body=body)
        except WeChatAPIError as e:
            if e.code not in STALE_TOKEN_CODES:
                raise
            log.info("WeChat rejected the access token (%s); refreshing once", e.code)
        token = self.access_token(force=True, stale=token)
        return self._request(method, path, params={"access_token": token}, body=body)

    # --- the APIs the bot uses ---
    def send_text(self, openid: str, content: str) -> None:
        """Customer-service text message (allowed within 48 h of the user's last message)."""
        self.call("POST", "/cgi-bin/message/custom/send",
                  {"touser": openid, "msgtype": "text", "text": {"content": content}})

    def create_menu(self, menu: dict) -> None:
        self.call("POST", "/cgi-bin/menu/create", menu)

    def get_menu(self) -> dict | None:
        """The custom menu as WeChat holds it, or None when the account has none."""
        try:
            data = self.call("GET", "/cgi-bin/menu/get")
        except WeChatAPIError as e:
            if e.code == 46003:     # menu no exist
                return None
            raise
        return data.get("menu") or None

    def delete_menu(self) -> None:
        self.call("GET", "/cgi-bin/menu/delete")

    def close(self) -> None:
        self.http.close()


def client_from_config(config, store: Store | None = None, keys: Keys | None = None) -> WeChatClient:
    """The client the CLI and the server use; a clear ConfigError when credentials are missing."""
    from bot.config import ConfigError
    missing = [name for name, value in (("WECHAT_APP_ID", config.app_id),
                                        ("WECHAT_APP_SECRET", config.app_secret)) if not value]
    if missing:
        raise ConfigError(f"{' and '.join(missing)} not set: the WeChat API needs the account's AppID "
                          "and AppSecret (公众号后台 → 设置与开发 → 基本配置).")
    if store is None:
        from bot.store import open_store
        store = open_store(config.redis_url)
    return WeChatClient(config.app_id, config.app_secret, store, keys or Keys(config.key_prefix),
                        base_url=config.wechat_api_base)
