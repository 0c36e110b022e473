"""`menu push | show | delete`: the account's custom menu, set from the versioned menu.yaml.

The file is checked against WeChat's limits and against the CLICK keys the bot answers before
anything is sent, and every problem names the file's line, so staff can fix it themselves.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.config import ROOT

DEFAULT_FILE = ROOT / "menu.yaml"
VOCABULARY = ROOT / "knowledge" / "vocabulary.yaml"

MAX_TOP, MAX_SUB = 3, 5
MAX_TOP_NAME, MAX_SUB_NAME, MAX_KEY, MAX_URL = 16, 60, 128, 1024   # bytes of UTF-8, per WeChat
KEY_TYPES = {"click", "location_select", "scancode_push", "scancode_waitmsg",
             "pic_sysphoto", "pic_photo_or_album", "pic_weixin"}
FIELDS = {"name", "type", "key", "url", "sub_button", "appid", "pagepath"}
BOT_KEYS = {"nearby", "find:24h", "join_union", "help"}   # plus find:<vocabulary code>


class MenuError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def known_keys(vocabulary: Path = VOCABULARY) -> set[str]:
    """The CLICK keys the engine answers: fixed ones and find:<code> for every vocabulary code."""
    import yaml
    data = yaml.safe_load(vocabulary.read_text(encoding="utf-8")) or {}
    codes = {c for section in ("facilities", "services") for c in (data.get(section) or {})}
    return BOT_KEYS | {f"find:{c}" for c in codes}


class _Map(dict):
    """A YAML mapping as a plain dict that remembers its line and each key's line."""
    line = 0
    key_lines: dict


class _List(list):
    line = 0


def _plain(node):
    """PyYAML node → plain data whose mappings and lists carry 1-based line numbers."""
    import yaml
    if isinstance(node, yaml.MappingNode):
        out = _Map()
        out.line, out.key_lines = node.start_mark.line + 1, {}
        for k, v in node.value:
            key = _plain(k)
            key = key if isinstance(key, str) else str(key)
            out[key] = _plain(v)
            out.key_lines[key] = k.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        out = _List(_plain(v) for v in node.value)
        out.line = node.start_mark.line + 1
        return out
    return yaml.safe_load(yaml.serialize(node)) if node is not None else None


def _line(node, key=None) -> int:
    """1-based line of a mapping (or of one of its keys); 0 when unknown."""
    if key is not None and isinstance(node, _Map) and key in node.key_lines:
        return node.key_lines[key]
    return getattr(node, "line", 0)


def _check_button(b, top: bool, where: str, keys: set[str], seen: dict, err) -> dict | None:
    if not isinstance(b, dict):
        err(_line(b), f"{where}: a button must be a mapping with name and type")
        return None
    out: dict = {}
    for extra in sorted(set(b) - FIELDS):
        err(_line(b, extra), f"{where}: unknown field '{extra}' (allowed: {', '.join(sorted(FIELDS))})")
    name = b.get("name")
    limit = MAX_TOP_NAME if top else MAX_SUB_NAME
    if not isinstance(name, str) or not name.strip():
        err(_line(b), f"{where}: 'name' is missing")
    elif len(name.encode()) > limit:
        err(_line(b, "name"), f"{where}: name '{name}' is {len(name.encode())} bytes; WeChat allows "
            f"{limit} ({'4' if top else '20'} Chinese characters)")
    else:
        out["name"] = name
    where = f"{where} '{name}'" if isinstance(name, str) else where

    if "sub_button" in b:
        if not top:
            err(_line(b, "sub_button"), f"{where}: sub-buttons cannot have sub-buttons")
            return None
        subs = b["sub_button"]
        if not isinstance(subs, list) or not subs:
            err(_line(b, "sub_button"), f"{where}: sub_button must be a non-empty list")
            return None
        if len(subs) > MAX_SUB:
            err(_line(b, "sub_button"), f"{where}: {len(subs)} sub-buttons; WeChat allows at most {MAX_SUB}")
        if "type" in b:
            err(_line(b, "type"), f"{where}: a button with sub-buttons takes no type")
        checked = [_check_button(s, False, f"{where} → button {i + 1}", keys, seen, err)
                   for i, s in enumerate(subs)]
        out["sub_button"] = [s for s in checked if s is not None]
        return out

    kind = b.get("type")
    if kind in KEY_TYPES:
        key = b.get("key")
        if not isinstance(key, str) or not key:
            err(_line(b), f"{where}: type {kind} needs a 'key'")
        elif len(key.encode()) > MAX_KEY:
            err(_line(b, "key"), f"{where}: key is longer than {MAX_KEY} bytes")
        elif kind in ("click", "location_select") and key not in keys:
            err(_line(b, "key"), f"{where}: the bot does not answer key '{key}' (use nearby, find:24h, "
                "join_union, help or find:<code> with a code from knowledge/vocabulary.yaml)")
        elif key in seen:
            err(_line(b, "key"), f"{where}: key '{key}' is also used on line {seen[key]}")
        else:
            seen[key] = _line(b, "key")
            out.update(type=kind, key=key)
    elif kind == "view":
        url = b.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            err(_line(b), f"{where}: type view needs a 'url' starting with https://")
        elif len(url.encode()) > MAX_URL:
            err(_line(b, "url"), f"{where}: url is longer than {MAX_URL} bytes")
        else:
            out.update(type="view", url=url)
    elif kind == "miniprogram":
        missing = [f for f in ("url", "appid", "pagepath") if not b.get(f)]
        if missing:
            err(_line(b), f"{where}: type miniprogram needs {', '.join(missing)}")
        else:
            out.update(type="miniprogram", url=b["url"], appid=b["appid"], pagepath=b["pagepath"])
    elif kind:
        err(_line(b, "type"), f"{where}: type '{kind}' is not one WeChat knows "
            "(use click, location_select or view, or give a sub_button list)")
    else:
        err(_line(b), f"{where}: needs a 'type' (or a 'sub_button' list)")
    return out


def load_menu(path: Path, keys: set[str] | None = None) -> dict:
    """The WeChat payload for the menu file; raises MenuError listing every problem with its line."""
    import yaml
    keys = known_keys() if keys is None else keys
    try:
        doc = _plain(yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as e:
        raise MenuError([f"{path}: cannot read ({getattr(e, 'strerror', None) or e})"]) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise MenuError([f"{path}{line}: not valid YAML ({getattr(e, 'problem', None) or e})"]) from None

    errors: list[str] = []

    def err(line: int, msg: str) -> None:
        errors.append(f"{path}:{line}: {msg}" if line else f"{path}: {msg}")

    if not isinstance(doc, dict) or not isinstance(doc.get("button"), list) or not doc["button"]:
        raise MenuError([f"{path}: the file must hold a non-empty 'button:' list"])
    top = doc["button"]
    if len(top) > MAX_TOP:
        err(_line(doc, "button"), f"{len(top)} top-level buttons; WeChat allows at most {MAX_TOP}")
    seen: dict[str, int] = {}
    buttons = [_check_button(b, True, f"button {i + 1}", keys, seen, err) for i, b in enumerate(top)]
    if errors:
        raise MenuError(errors)
    return {"button": buttons}


def format_menu(menu: dict | None) -> str:
    if not menu or not menu.get("button"):
        return "(the account has no custom menu)"

    def one(b: dict) -> str:
        what = b.get("key") or b.get("url") or ""
        return f"{b.get('name', '?')}  [{b.get('type', '?')} {what}]".rstrip()

    lines = []
    for b in menu["button"]:
        subs = b.get("sub_button") or []
        if isinstance(subs, dict):          # menu/get wraps sub-buttons as {"list": [...]} sometimes
            subs = subs.get("list") or []
        lines.append(b.get("name", "?") if subs else one(b))
        lines += [f"  └ {one(s)}" for s in subs]
    return "\n".join(lines)


def _client(args):
    from bot.config import Config
    from bot.outbound.wechat_api import client_from_config
    return client_from_config(Config.from_env())


def _run(args, action) -> int:
    from bot.outbound.wechat_api import WeChatAPIError
    try:
        return action(args)
    except MenuError as e:
        print("menu file has problems:\n  " + "\n  ".join(e.errors), file=sys.stderr)
        return 2
    except WeChatAPIError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


def cmd_push(args: argparse.Namespace) -> int:
    def push(args):
        payload = load_menu(Path(args.file))
        client = _client(args)
        client.create_menu(payload)
        print(f"menu set from {args.file}:\n{format_menu(payload)}")
        return 0
    return _run(args, push)


def cmd_show(args: argparse.Namespace) -> int:
    def show(args):
        menu = _client(args).get_menu()
        print(json.dumps(menu, ensure_ascii=False, indent=2) if args.json else format_menu(menu))
        return 0
    return _run(args, show)


def cmd_delete(args: argparse.Namespace) -> int:
    def delete(args):
        _client(args).delete_menu()
        print("menu deleted")
        return 0
    return _run(args, delete)


def cmd_check(args: argparse.Namespace) -> int:
    def check(args):
        print(format_menu(load_menu(Path(args.file))))
        print(f"{args.file}: OK")
        return 0
    return _run(args, check)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("menu", help="set, show or delete the account's custom menu")
    sub = p.add_subparsers(dest="menu_command", metavar="ACTION", required=True)
    push = sub.add_parser("push", help="validate menu.yaml and set it as the account's menu")
    push.add_argument("--file", default=str(DEFAULT_FILE), help="menu file (default: menu.yaml)")
    push.set_defaults(func=cmd_push)
    check = sub.add_parser("check", help="validate the menu file without calling WeChat")
    check.add_argument("--file", default=str(DEFAULT_FILE))
    check.set_defaults(func=cmd_check)
    show = sub.add_parser("show", help="print the account's live menu")
    show.add_argument("--json", action="store_true", help="print WeChat's JSON")
    show.set_defaults(func=cmd_show)
    sub.add_parser("delete", help="remove the account's custom menu").set_defaults(func=cmd_delete)
