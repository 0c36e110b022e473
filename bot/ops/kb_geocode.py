"""`python run_bot.py kb geocode [PATH] [--out PATH]`: place approximate stations from their address.

For every station with `coord_precision_m` set (placed by hand near a landmark) and an address or
landmark, Amap geocodes "city + district + address"; a match precise enough, inside the station's
own city, replaces lat/lng and the precision. Everything else is left as it was and reported with
the reason, so staff know which stations still need a look.

The file is edited in place as text — only the numbers change — so comments, order and layout
stay exactly as the staff wrote them; the result is validated before it replaces anything.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from bot.outbound.amap import amap_geocode

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# How far off an Amap match of each level may be, in metres (Amap publishes no figure: these are
# cautious readings of what each level means). Coarser levels are not used to move a station.
LEVEL_PRECISION_M = {"门牌号": 50, "单元号": 30, "楼层": 30, "房间": 30, "兴趣点": 100,
                     "公交站台、地铁站": 150, "道路交叉路口": 200, "道路": 1000, "热点商圈": 1000,
                     "村庄": 2000, "乡镇": 3000}
# Words that relate a landmark to the station ("毗邻…车站", "…山脚下") but are no part of its name.
_RELATION = re.compile(r"^(毗邻|紧邻|邻近|靠近|位于|坐落于)|(脚下|旁边|附近|对面|内|旁)$")
DEFAULT_DELAY = 0.34            # personal Amap keys allow about 3 queries a second


@dataclass
class _Entry:
    """One station as written in the file: its fields and where its numbers are."""
    fields: dict[str, str]
    spans: dict[str, tuple[int, int]]     # field → (start, end) character offsets of its value


def _entries(text: str) -> list[_Entry]:
    root = yaml.compose(text, Loader=_Loader)
    seq = None
    if isinstance(root, yaml.MappingNode):
        seq = next((v for k, v in root.value if k.value == "stations"), None)
    elif isinstance(root, yaml.SequenceNode):
        seq = root
    if not isinstance(seq, yaml.SequenceNode):
        return []
    out = []
    for node in seq.value:
        if not isinstance(node, yaml.MappingNode):
            continue
        fields, spans = {}, {}
        for k, v in node.value:
            if isinstance(v, yaml.ScalarNode):
                fields[k.value] = v.value
                spans[k.value] = (v.start_mark.index, v.end_mark.index)
        out.append(_Entry(fields, spans))
    return out


def _same_city(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def _place(http, key: str, e: _Entry, url: str) -> tuple[dict | None, str]:
    """(new values, "") or (None, why not)."""
    f = e.fields
    city, district = f.get("city", ""), f.get("district") or ""
    old = int(float(f["coord_precision_m"]))
    reasons = []
    for what in ("address", "landmark"):
        text = _RELATION.sub("", (f.get(what) or "").strip())
        if not text or text in ("null", "~"):
            continue
        query = text if text.startswith(city) else f"{city}{'' if district in text else district}{text}"
        try:
            place, level = amap_geocode(http, key, query, city, url)
        except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError) as err:
            detail = (f"HTTP {err.response.status_code}" if isinstance(err, httpx.HTTPStatusError)
                      else str(err) or type(err).__name__).replace(key, "***")   # URLs carry the key
            reasons.append(f"Amap could not be asked about the {what} ({detail})")
            continue
        if place is None:
            reasons.append(f"Amap found no place for the {what} '{query}'")
        elif place.level != "point":
            reasons.append(f"Amap matched the {what} only at {place.level} level ({level})")
        elif not _same_city(place.city, city):
            reasons.append(f"Amap placed the {what} in {place.city or 'an unknown city'}, not {city}")
        elif LEVEL_PRECISION_M.get(level, 1000) >= old:
            reasons.append(f"Amap's match of the {what} ({level}) is no better than the current ±{old} m")
        else:
            return {"lat": f"{place.lat:.6f}".rstrip("0").rstrip("."),
                    "lng": f"{place.lng:.6f}".rstrip("0").rstrip("."),
                    "coord_precision_m": str(LEVEL_PRECISION_M.get(level, 1000))}, ""
    return None, "; ".join(reasons) or "no address or landmark to geocode"


def _patch(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    return text


def main(args, config=None, client: httpx.Client | None = None) -> int:
    from bot.config import Config
    from knowledge.loader import KBError, load_stations
    config = config or Config.from_env()
    if not config.amap_key:
        print("error: AMAP_KEY is not set: `kb geocode` asks Amap's geocoding service "
              "(a Web服务 key from console.amap.com).", file=sys.stderr)
        return 2
    path = Path(getattr(args, "path", None) or config.stations_path)
    out = Path(getattr(args, "out", None) or path)
    delay = getattr(args, "delay", None)
    delay = DEFAULT_DELAY if delay is None else delay
    url = config.amap_url
    try:
        load_stations(path)                   # refuse to build on a file that is already wrong
    except KBError as e:
        print(f"{path} is not valid; fix it first:\n{e}", file=sys.stderr)
        return 1
    text = path.read_text(encoding="utf-8")
    http = client or httpx.Client()
    todo = [e for e in _entries(text) if e.fields.get("coord_precision_m") not in (None, "", "null", "~")]
    edits, failed = [], []
    for n, entry in enumerate(todo):
        if n and delay:
            time.sleep(delay)
        values, why = _place(http, config.amap_key, entry, url)
        sid = entry.fields.get("id", "?")
        if values is None:
            failed.append((sid, why))
            continue
        edits += [(*entry.spans[k], v) for k, v in values.items()]
        print(f"placed  {sid}: {values['lat']},{values['lng']} (±{values['coord_precision_m']} m)")
    for sid, why in failed:
        print(f"not placed  {sid}: {why}")
    print(f"{len(todo) - len(failed)} of {len(todo)} approximate station(s) placed")
    if not edits:
        print("nothing changed; no file written")
        return 0
    new_text = _patch(text, edits)
    # validate before anything is replaced: a temp file beside the target, then an atomic rename
    fd, tmp = tempfile.mkstemp(prefix=".geocode-", suffix=".yaml", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new_text)
        load_stations(tmp)
        os.replace(tmp, out)
    except KBError as e:
        print(f"the geocoded file would not be valid; nothing written:\n{e}", file=sys.stderr)
        return 1
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    print(f"wrote {out}")
    return 0
