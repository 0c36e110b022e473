"""menu.yaml validation (WeChat's limits, the bot's keys, line numbers) and the push payload."""
from __future__ import annotations

import argparse
import json
import textwrap

import httpx
import pytest

from bot.config import ROOT
from bot.ops import menu
from bot.outbound.wechat_api import WeChatClient
from bot.store import MemoryStore
from bot.store.keys import Keys


def write(tmp_path, text: str):
    path = tmp_path / "menu.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_repo_menu_is_valid_and_has_the_buttons_riders_need():
    payload = menu.load_menu(ROOT / "menu.yaml")
    top = payload["button"]
    assert top[0] == {"name": "附近驿站", "type": "location_select", "key": "nearby"}
    keys = {s["key"]: s["name"] for b in top for s in b.get("sub_button", [])}
    assert keys == {"find:microwave": "热饭", "find:toilet": "厕所", "find:shower": "洗澡",
                    "find:24h": "24小时", "join_union": "如何入会", "help": "使用帮助"}


def test_known_keys_come_from_the_vocabulary():
    keys = menu.known_keys()
    assert {"nearby", "help", "join_union", "find:24h", "find:microwave", "find:haircut"} <= keys
    assert "find:teleport" not in keys


def test_limits_are_explained_with_lines(tmp_path):
    path = write(tmp_path, """\
        button:
          - {name: 附近驿站, type: location_select, key: nearby}
          - name: 找设施找设施
            sub_button:
              - {name: 热饭, type: click, key: "find:microwave"}
              - {name: 厕所, type: click, key: "find:toilet"}
              - {name: 洗澡, type: click, key: "find:shower"}
              - {name: 24小时, type: click, key: "find:24h"}
              - {name: 充电, type: click, key: "find:charging"}
              - {name: 喝水, type: click, key: "find:drinking_water"}
          - {name: 帮助, type: click, key: help}
          - {name: 入会, type: click, key: join_union}
        """)
    with pytest.raises(menu.MenuError) as e:
        menu.load_menu(path)
    text = "\n".join(e.value.errors)
    assert f"{path}:1: 4 top-level buttons; WeChat allows at most 3" in text
    assert f"{path}:3: button 2: name '找设施找设施' is 18 bytes; WeChat allows 16" in text
    assert f"{path}:4: button 2 '找设施找设施': 6 sub-buttons; WeChat allows at most 5" in text


def test_keys_types_and_fields_are_checked(tmp_path):
    path = write(tmp_path, """\
        button:
          - {name: 附近, type: location_select, key: nearby}
          - name: 找
            sub_button:
              - {name: 传送, type: click, key: "find:teleport"}
              - {name: 附近2, type: click, key: nearby}
              - {name: 没类型, key: help}
              - {name: 网页, type: view}
              - {name: 怪, type: click, key: help, colour: red}
        """)
    with pytest.raises(menu.MenuError) as e:
        menu.load_menu(path)
    errors = e.value.errors
    assert any(x.startswith(f"{path}:5:") and "does not answer key 'find:teleport'" in x for x in errors)
    assert any(x.startswith(f"{path}:6:") and "key 'nearby' is also used on line 2" in x for x in errors)
    assert any(x.startswith(f"{path}:7:") and "needs a 'type'" in x for x in errors)
    assert any(x.startswith(f"{path}:8:") and "needs a 'url'" in x for x in errors)
    assert any(x.startswith(f"{path}:9:") and "unknown field 'colour'" in x for x in errors)


def test_broken_yaml_and_missing_file_are_messages(tmp_path):
    path = write(tmp_path, "button:\n  - {name: 附近驿站, type: click\n")
    with pytest.raises(menu.MenuError, match=r"menu.yaml:\d+: not valid YAML"):
        menu.load_menu(path)
    with pytest.raises(menu.MenuError, match="cannot read"):
        menu.load_menu(tmp_path / "absent.yaml")
    with pytest.raises(menu.MenuError, match="non-empty 'button:' list"):
        menu.load_menu(write(tmp_path, "buttons: []\n"))


def test_push_sends_the_validated_payload(tmp_path, monkeypatch, capsys):
    sent: list[dict] = []

    def wechat(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/cgi-bin/stable_token":
            return httpx.Response(200, json={"access_token": "T", "expires_in": 7200})
        assert request.url.params["access_token"] == "T"
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"errcode": 0, "errmsg": "ok"})

    client = WeChatClient("wx", "s", MemoryStore(), Keys("t"), base_url="https://wx.test",
                          client=httpx.Client(transport=httpx.MockTransport(wechat)))
    monkeypatch.setattr(menu, "_client", lambda args: client)
    rc = menu.cmd_push(argparse.Namespace(file=str(ROOT / "menu.yaml")))
    assert rc == 0
    assert sent == [menu.load_menu(ROOT / "menu.yaml")]
    assert "附近驿站  [location_select nearby]" in capsys.readouterr().out


def test_push_of_a_bad_file_calls_nobody(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(menu, "_client", lambda args: pytest.fail("WeChat must not be called"))
    rc = menu.cmd_push(argparse.Namespace(file=str(write(tmp_path, "button: [{name: x}]\n"))))
    assert rc == 2
    assert "needs a 'type'" in capsys.readouterr().err


def test_wechat_error_is_one_clean_line(monkeypatch, capsys):
    def wechat(request):
        return httpx.Response(200, json={"errcode": 40013, "errmsg": "invalid appid"})
    client = WeChatClient("wx", "s", MemoryStore(), Keys("t"), base_url="https://wx.test",
                          client=httpx.Client(transport=httpx.MockTransport(wechat)))
    monkeypatch.setattr(menu, "_client", lambda args: client)
    assert menu.cmd_show(argparse.Namespace(json=False)) == 1
    assert capsys.readouterr().err.strip() == "error: WeChat API error 40013: invalid appid"
