"""Configuration from the environment: the one place that reads os.environ."""
from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from typing import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Config:
    token: str = ""
    app_id: str = ""
    app_secret: str = ""
    aes_key: str = ""                    # EncodingAESKey (43 chars) for safe/compatible mode
    redis_url: str = ""                  # empty → embedded in-process store
    stations_path: Path = ROOT / "knowledge" / "stations.yaml"
    amap_key: str = ""                   # Amap web-service key for typed addresses (optional)
    amap_url: str = "https://restapi.amap.com/v3/geocode/geo"   # overridable for tests / a proxy
    wechat_api_base: str = "https://api.weixin.qq.com"          # overridable for tests / a proxy
    key_prefix: str = "yz"               # prefix of every Redis key
    location_ttl: int = 30 * 60          # a pin is reused for 30 minutes
    session_ttl: int = 30 * 60           # dialogue state, renewed on each message
    location_event_system: str = "gcj02" # coordinate system of LOCATION events (unconfirmed by WeChat)
    cache_dir: Path = ROOT / ".cache"     # jieba cache, compiled KB cache
    var_dir: Path = ROOT / "var"         # append-only files when there is no Redis
    log_raw: bool = False                # never log raw text / openids unless explicitly asked
    # Seconds a signed request stays valid; older ones are refused as replays. Off (0) by default:
    # a server with a drifting clock would refuse every message, and WeChat's published test vector
    # (timestamp 1409659813) must still be answered. Production behind a synced clock: set 300.
    signature_max_age: int = 0
    dedupe_ttl: int = 30                 # seconds a reply is kept for WeChat's retries (they end by ~15 s)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, require_token: bool = False) -> "Config":
        env = os.environ if env is None else env
        token = env.get("WECHAT_TOKEN", "")
        if require_token and not token:
            raise ConfigError("WECHAT_TOKEN is not set: it must equal the Token configured in the "
                              "WeChat Official Account console (公众号后台 → 基本配置).")
        aes = env.get("WECHAT_AES_KEY", "")
        if aes:
            check_aes_key(aes)
            if not env.get("WECHAT_APP_ID"):
                raise ConfigError("WECHAT_AES_KEY is set but WECHAT_APP_ID is not: safe mode needs both.")
        return cls(
            token=token,
            app_id=env.get("WECHAT_APP_ID", ""),
            app_secret=env.get("WECHAT_APP_SECRET", ""),
            aes_key=aes,
            redis_url=env.get("REDIS_URL", ""),
            stations_path=Path(env.get("STATIONS_PATH") or ROOT / "knowledge" / "stations.yaml"),
            amap_key=env.get("AMAP_KEY", ""),
            amap_url=env.get("AMAP_URL") or cls.amap_url,
            wechat_api_base=env.get("WECHAT_API_BASE") or cls.wechat_api_base,
            key_prefix=env.get("YZ_KEY_PREFIX", "yz"),
            location_ttl=int(env.get("YZ_LOCATION_TTL", 30 * 60)),
            session_ttl=int(env.get("YZ_SESSION_TTL", 30 * 60)),
            location_event_system=env.get("YZ_LOCATION_EVENT_SYSTEM", "gcj02").lower(),
            cache_dir=Path(env.get("YZ_CACHE_DIR") or ROOT / ".cache"),
            var_dir=Path(env.get("YZ_VAR_DIR") or ROOT / "var"),
            log_raw=env.get("YZ_LOG_RAW", "") == "1",
            signature_max_age=int(env.get("YZ_SIGNATURE_MAX_AGE", 0)),
            dedupe_ttl=int(env.get("YZ_DEDUPE_TTL", 30)),
        )


def check_aes_key(aes: str) -> bytes:
    if len(aes) != 43:
        raise ConfigError(f"WECHAT_AES_KEY must be the 43-character EncodingAESKey; got {len(aes)} characters.")
    try:
        key = base64.b64decode(aes + "=", validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError("WECHAT_AES_KEY is not valid base64 (letters, digits, + and / only).") from None
    if len(key) != 32:
        raise ConfigError("WECHAT_AES_KEY does not decode to a 32-byte AES key.")
    return key
