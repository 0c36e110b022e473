"""WeChat API client against httpx.MockTransport: token sharing, stale tokens, retries, errors."""
from __future__ import annotations

import json
import multiprocessing as mp
import threading
import time

import httpx
import pytest

from bot.config import Config, ConfigError
from bot.outbound.wechat_api import WeChatAPIError, WeChatClient, client_from_config
from bot.store import MemoryStore
from bot.store.keys import Keys

BASE = "https://wx.test"


class FakeWeChat:
    """A tiny WeChat: hands out numbered tokens and accepts only the newest one."""

    def __init__(self, stable_status: int = 200, token_delay: float = 0.0):
        self.fetches = 0
        self.calls: list[tuple[str, str, dict]] = []
        self.valid = ""
        self.stable_status = stable_status
        self.token_delay = token_delay
        self.menu: dict | None = None
        self.fail_next: list[int] = []      # HTTP statuses to answer before succeeding
        self._lock = threading.Lock()

    def _new_token(self) -> httpx.Response:
        time.sleep(self.token_delay)
        with self._lock:
            self.fetches += 1
            self.valid = f"TOKEN{self.fetches}"
        return httpx.Response(200, json={"access_token": self.valid, "expires_in": 7200})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        body = json.loads(request.content.decode("utf-8")) if request.content else {}
        self.calls.append((request.method, path, body))
        if self.fail_next:
            return httpx.Response(self.fail_next.pop(0), text="busy")
        if path == "/cgi-bin/stable_token":
            if self.stable_status != 200:
                return httpx.Response(self.stable_status, text="not here")
            if body.get("secret") != "SECRET":
                return httpx.Response(200, json={"errcode": 40125, "errmsg": "invalid appsecret"})
            return self._new_token()
        if path == "/cgi-bin/token":
            return self._new_token()
        if request.url.params.get("access_token") != self.valid:
            return httpx.Response(200, json={"errcode": 40001, "errmsg": "invalid credential"})
        if path == "/cgi-bin/menu/create":
            self.menu = body
            return httpx.Response(200, json={"errcode": 0, "errmsg": "ok"})
        if path == "/cgi-bin/menu/get":
            if self.menu is None:
                return httpx.Response(200, json={"errcode": 46003, "errmsg": "menu no exist"})
            return httpx.Response(200, json={"menu": self.menu})
        if path == "/cgi-bin/menu/delete":
            self.menu = None
            return httpx.Response(200, json={"errcode": 0, "errmsg": "ok"})
        if path == "/cgi-bin/message/custom/send":
            return httpx.Response(200, json={"errcode": 0, "errmsg": "ok"})
        return httpx.Response(404)


def make_client(fake, store=None, keys=None, secret="SECRET", **kw) -> WeChatClient:
    return WeChatClient("wxAPP", secret, store or MemoryStore(), keys or Keys("t"), base_url=BASE,
                        client=httpx.Client(transport=httpx.MockTransport(fake)), backoff=0, **kw)


def test_token_is_fetched_once_and_shared_through_the_store():
    fake, store, keys = FakeWeChat(), MemoryStore(), Keys("t")
    a, b = make_client(fake, store, keys), make_client(fake, store, keys)
    assert a.access_token() == b.access_token() == "TOKEN1"
    assert fake.fetches == 1
    # stored under the contract key, expiring before WeChat's 7200 s
    assert store.get_json(keys.access_token("wxAPP"))["token"] == "TOKEN1"
    assert 6000 < store.ttl(keys.access_token("wxAPP")) <= 7200 - 300


def test_stale_token_refreshes_once_then_succeeds():
    fake, store, keys = FakeWeChat(), MemoryStore(), Keys("t")
    client = make_client(fake, store, keys)
    client.access_token()
    fake.valid = "ROTATED-ELSEWHERE"          # WeChat no longer accepts TOKEN1
    client.send_text("openid-1", "你好")
    assert fake.fetches == 2
    sends = [c for c in fake.calls if c[1] == "/cgi-bin/message/custom/send"]
    assert len(sends) == 2                    # the rejected try and the retry
    assert store.get_json(keys.access_token("wxAPP"))["token"] == "TOKEN2"
    # the forced refresh asks stable_token to refresh
    assert [c[2].get("force_refresh") for c in fake.calls if c[1] == "/cgi-bin/stable_token"] == [False, True]


def test_token_rejected_twice_gives_up_after_one_refresh():
    fake = FakeWeChat()
    client = make_client(fake)

    def always_stale(request):
        if request.url.path == "/cgi-bin/stable_token":
            return fake(request)
        return httpx.Response(200, json={"errcode": 42001, "errmsg": "access_token expired"})

    client.http = httpx.Client(transport=httpx.MockTransport(always_stale))
    with pytest.raises(WeChatAPIError) as err:
        client.create_menu({"button": []})
    assert err.value.code == 42001
    assert fake.fetches == 2


def test_errors_carry_wechat_code_and_read_cleanly():
    client = make_client(FakeWeChat(), secret="WRONG")
    with pytest.raises(WeChatAPIError) as err:
        client.access_token()
    assert err.value.code == 40125
    assert str(err.value) == "WeChat API error 40125: invalid appsecret"


def test_falls_back_to_plain_token_endpoint():
    fake = FakeWeChat(stable_status=404)
    client = make_client(fake)
    assert client.access_token() == "TOKEN1"
    assert [c[1] for c in fake.calls] == ["/cgi-bin/stable_token", "/cgi-bin/token"]


def test_retries_5xx_with_a_bound():
    fake = FakeWeChat()
    client = make_client(fake, retries=2)
    fake.fail_next = [502, 503]
    assert client.access_token() == "TOKEN1"           # third attempt succeeds
    fake2 = FakeWeChat()
    client2 = make_client(fake2, retries=2)
    fake2.fail_next = [500] * 10
    with pytest.raises(WeChatAPIError) as err:
        client2.access_token()
    assert err.value.code == -1
    assert len(fake2.calls) == 6                        # 3 tries stable_token + 3 tries token


def test_transport_error_never_leaks_the_secret():
    def down(request):
        raise httpx.ConnectError(f"refused {request.url}")
    client = WeChatClient("wxAPP", "TOPSECRET", MemoryStore(), Keys("t"), base_url=BASE,
                          client=httpx.Client(transport=httpx.MockTransport(down)), backoff=0)
    with pytest.raises(WeChatAPIError) as err:
        client.access_token()
    assert "TOPSECRET" not in str(err.value)
    assert "ConnectError" in str(err.value)


def test_text_and_menu_calls_send_utf8_json():
    fake = FakeWeChat()
    client = make_client(fake)
    seen: list[bytes] = []

    def spy(request):
        seen.append(request.content)
        return fake(request)
    client.http = httpx.Client(transport=httpx.MockTransport(spy))
    assert client.get_menu() is None                    # 46003: no menu yet
    client.create_menu({"button": [{"type": "click", "name": "热饭", "key": "find:microwave"}]})
    assert client.get_menu()["button"][0]["name"] == "热饭"
    client.send_text("o1", "附近驿站")
    assert "附近驿站".encode() in seen[-1]                 # raw UTF-8, not \\u escapes
    client.delete_menu()
    assert client.get_menu() is None


def test_missing_credentials_is_a_config_error():
    with pytest.raises(ConfigError, match="WECHAT_APP_SECRET"):
        client_from_config(Config(app_id="wx1"), store=MemoryStore())


# --- two real processes sharing one Redis: exactly one token fetch ---

def _worker(url, prefix, counter, barrier, out):
    from bot.store.redis_store import RedisStore

    def handler(request):
        with counter.get_lock():
            counter.value += 1
        time.sleep(0.3)               # a slow WeChat widens the race window
        return httpx.Response(200, json={"access_token": "SHARED", "expires_in": 7200})

    client = WeChatClient("wxAPP", "SECRET", RedisStore(url), Keys(prefix), base_url=BASE,
                          client=httpx.Client(transport=httpx.MockTransport(handler)), backoff=0)
    barrier.wait(timeout=10)
    out.put(client.access_token())


def test_two_processes_share_one_token_fetch(redis_store, key_prefix):
    ctx = mp.get_context("fork")
    counter, barrier, out = ctx.Value("i", 0), ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(redis_store.url, key_prefix, counter, barrier, out))
             for _ in range(2)]
    try:
        for p in procs:
            p.start()
        tokens = [out.get(timeout=15) for _ in procs]
        for p in procs:
            p.join(timeout=10)
        assert tokens == ["SHARED", "SHARED"]
        assert counter.value == 1
        assert all(p.exitcode == 0 for p in procs)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
        keys = Keys(key_prefix)
        redis_store.delete(keys.access_token("wxAPP"), keys.access_token_lock("wxAPP"))
