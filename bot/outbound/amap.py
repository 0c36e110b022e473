"""Typed places ("我在杭州东宁路", "宁波海曙段塘") → a Place the engine uses like a pin.

With AMAP_KEY: Amap geocoding (≈2 s budget, answers cached in the Store for a week), honouring
the match level — a match at province/city level answers by city, not by a made-up point.
Without a key, or when Amap fails or finds nothing: the city, district, landmark and address
names the knowledge base holds, marked source='kb' so the engine can say it guessed from them.
`locate` never raises.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from bot.store import Store, StoreError
from bot.store.keys import Keys

log = logging.getLogger(__name__)

AMAP_GEOCODE_URL = "https://restapi.amap.com/v3/geocode/geo"
# connect + read stay within ~2 s: a typed place must not cost the rider WeChat's 5 s deadline
AMAP_TIMEOUT = httpx.Timeout(connect=0.8, read=1.2, write=0.5, pool=0.2)
CACHE_TTL = 7 * 86400
MISS_TTL = 86400              # "Amap knows no such place" is kept a day, failures not at all
MAX_QUERY = 60
# httpx's timeouts apply per network read: an answer trickled a byte at a time would never trip
# them. The whole answer must arrive within this, and be no larger than MAX_ANSWER.
AMAP_DEADLINE = 1.5
MAX_ANSWER = 64 * 1024
# Bounds of the KB fallback's substring search: a place name is short, and a long message that
# is no place must not cost a reply its deadline.
MAX_PIECE = 16                # characters of one piece searched within the named city
MAX_PIECE_ANYWHERE = 10       # … and in every city when none is named
SEARCH_BUDGET = 0.15          # seconds

# Amap's match levels. Anything finer than a district (乡镇, 道路, 兴趣点, 门牌号 …) is a point.
CITY_LEVELS = {"国家", "省", "市"}
DISTRICT_LEVELS = {"区县", "开发区"}

# Words around a place that name none: "我在…附近", "…这边呢".
_PREFIX = re.compile(r"^(我现在在|我现在|我人在|现在在|我在|我到了|我到|人在|在|位于|定位)+")
_SUFFIX = re.compile(r"(附近的?|这里|这边|那边|旁边|周边|周围|一带|边上|这儿|呢|吗|啊|呀|吧|了)+$")
# Parts of many names; a match on them alone says nothing about where the rider is.
_STOP = re.compile(r"工会|驿站|服务站|服务中心|服务|中心|户外|劳动者|职工|爱心|社区|街道|公司|集团|站点|小站")
_STREET_SUFFIX = set("路街道巷弄")
_GENERIC_CHARS = set("路街道区市县镇乡村号弄巷楼栋室省内旁边的之")
_PUNCT = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class Place:
    lat: float                 # GCJ-02
    lng: float
    level: str                 # point | district | city
    city: str = ""
    district: str = ""
    name: str = ""             # what was matched: the formatted address, a district, a landmark
    source: str = "kb"         # amap | kb
    station_id: str | None = None   # kb fallback: the station whose landmark/address matched


def normalise_query(text: str) -> str:
    return _PUNCT.sub("", (text or "").strip().lower())[:MAX_QUERY]


def _s(v: Any) -> str:
    """Amap writes an empty field as []."""
    return v if isinstance(v, str) else ""


def amap_level(level: str) -> str:
    if level in CITY_LEVELS:
        return "city"
    if level in DISTRICT_LEVELS:
        return "district"
    return "point"


def amap_geocode(http: httpx.Client, key: str, address: str, city: str = "",
                 url: str = AMAP_GEOCODE_URL) -> tuple[Place | None, str]:
    """One Amap geocode: (Place, raw level) or (None, "") when Amap knows no such place.

    Raises httpx.HTTPError or ValueError when Amap cannot be asked or answers nonsense.
    """
    params = {"key": key, "address": address, "output": "JSON"}
    if city:
        params["city"] = city
    data = _get_json(http, url, params)
    if str(data.get("status")) != "1":
        raise ValueError(f"Amap refused: {data.get('info') or 'unknown'} ({data.get('infocode', '?')})")
    geocodes = data.get("geocodes") or []
    if not geocodes:
        return None, ""
    g = geocodes[0]
    lng_s, lat_s = _s(g.get("location")).split(",")
    lat, lng = float(lat_s), float(lng_s)
    if not (3.8 <= lat <= 53.6 and 73.4 <= lng <= 135.1):
        raise ValueError(f"Amap answered a point outside China: {lat},{lng}")
    raw_level = _s(g.get("level"))
    province, cty = _s(g.get("province")), _s(g.get("city"))
    return Place(lat=lat, lng=lng, level=amap_level(raw_level), city=cty or province,
                 district=_s(g.get("district")), name=_s(g.get("formatted_address")) or address,
                 source="amap"), raw_level


def _get_json(http: httpx.Client, url: str, params: dict) -> Any:
    """GET and parse JSON within AMAP_DEADLINE in total (worst case: deadline + one read timeout)."""
    deadline = time.monotonic() + AMAP_DEADLINE
    body = bytearray()
    with http.stream("GET", url, params=params, timeout=AMAP_TIMEOUT) as resp:
        resp.raise_for_status()
        for chunk in resp.iter_bytes():
            body += chunk
            if len(body) > MAX_ANSWER:
                raise ValueError("Amap answer too large")
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("Amap answer too slow")
    return json.loads(body)


class _KBIndex:
    """The KB's city and district names with their aliases, built once per KnowledgeBase (a few
    ms: names only). Landmark and address text is searched through the KB's own TextIndex."""

    def __init__(self, kb):
        self.kb = kb
        self.count = len(kb)
        self.cities: dict[str, str] = {}                       # 杭州 / 杭州市 → 杭州市
        self.districts: dict[str, list[tuple[str, str]]] = {}  # 海曙 / 海曙区 → [(宁波市, 海曙区)]
        for city in kb.city_names:
            for alias in _aliases(city, "市"):
                self.cities.setdefault(alias, city)
        for cid, district in kb.district_names:
            city = kb.city_names[cid]
            for alias in _aliases(district, "区县市旗"):
                pairs = self.districts.setdefault(alias, [])
                if (city, district) not in pairs:
                    pairs.append((city, district))

    def find_landmark(self, residual: str, city: str, district: str):
        """(station position, matched text): the longest meaningful piece of `residual` found in
        a station's names, address or landmark — within `city` when the rider named one, in
        `district` if possible."""
        cap = MAX_PIECE if city else MAX_PIECE_ANYWHERE     # searching every city costs more
        pieces = [q[:cap] for p in residual.split("|") for q in _STOP.split(p) if len(q) >= 2]
        deadline = time.monotonic() + SEARCH_BUDGET
        for length in range(max((len(p) for p in pieces), default=0), 1, -1):
            best = None
            for piece in pieces:
                for i in range(len(piece) - length + 1):
                    sub = piece[i:i + length]
                    if sum(ch not in _GENERIC_CHARS for ch in sub) < 2:
                        continue
                    if time.monotonic() > deadline:
                        log.info("landmark search stopped at its time budget")
                        return None
                    for pos in self.kb.text_search(sub, city=city or None):
                        rank = bool(district) and self.kb.brief(pos)[4] == district
                        if best is None or rank > best[0]:
                            best = (rank, pos, sub)
                        if rank or not district:
                            break                 # nothing ranks higher
            if best:
                return best[1], best[2]
        return None


def _aliases(name: str, suffixes: str) -> list[str]:
    """杭州市 → [杭州市, 杭州]; a one-character stem (e.g. 沙市 → 沙) is too ambiguous to use."""
    if not name:
        return []
    out = [name]
    if name[-1] in suffixes and len(name) >= 3:
        out.append(name[:-1])
    return out


def _name_in(text: str, names: dict) -> str:
    """The name from `names` the text mentions first (addresses run city → district → street);
    a name followed by 路/街/道… is part of a street ("中山路" is no mention of 中山市)."""
    best: tuple[int, int, str] | None = None
    for name in names:
        start = text.find(name)
        while start >= 0:
            after = text[start + len(name):start + len(name) + 1]
            if after not in _STREET_SUFFIX:
                cand = (start, -len(name), name)
                best = cand if best is None or cand < best else best
                break
            start = text.find(name, start + 1)
    return best[2] if best else ""


class Geocoder:
    def __init__(self, config, store: Store, keys: Keys, kb_source, client: httpx.Client | None = None,
                 url: str = AMAP_GEOCODE_URL):
        self.key = getattr(config, "amap_key", "") or ""
        self.store, self.keys, self.kb_source = store, keys, kb_source
        self.http = client or httpx.Client(timeout=AMAP_TIMEOUT)
        self.url = url
        self._index: tuple[Any, _KBIndex] | None = None    # (the KB it indexes, the index)
        self._index_lock = threading.Lock()

    def locate(self, text: str) -> Place | None:
        """Where the rider says they are, or None when neither Amap nor the KB knows the place."""
        try:
            query = normalise_query(text)
            cleaned = _SUFFIX.sub("", _PREFIX.sub("", query))
            if len(cleaned) < 2:
                return None
            if self.key:
                place = self._amap(cleaned, self._city_in(cleaned))
                if place is not None:
                    return place
            return self._from_kb(cleaned)
        except Exception:  # noqa: BLE001 - a typed place must never cost the rider an answer
            log.exception("geocoding failed")
            return None

    # --- Amap, through the Store cache ---
    def _amap(self, query: str, city_hint: str) -> Place | None:
        cache_key = self.keys.geocode(hashlib.sha1(f"{query}|{city_hint}".encode()).hexdigest()[:24])
        try:
            cached = self.store.get_json(cache_key)
        except StoreError:
            cached = None
        if isinstance(cached, dict):
            if cached.get("none"):
                return None
            try:
                return Place(**cached)
            except TypeError:
                pass                    # an older cache format: ask again
        started = time.monotonic()
        try:
            place, _ = amap_geocode(self.http, self.key, query, city_hint, self.url)
        except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError) as e:
            log.warning("Amap geocoding failed after %.2fs (%s); using the knowledge base",
                        time.monotonic() - started, type(e).__name__)
            return None
        try:
            if place is None:
                self.store.set_json(cache_key, {"none": True}, MISS_TTL)
            else:
                self.store.set_json(cache_key, asdict(place), CACHE_TTL)
        except StoreError:
            pass
        return place

    # --- the knowledge base's own names ---
    def warm(self, wait: bool = True) -> None:
        """Index the KB's names now (start-up) rather than on the first typed place."""
        self._kb_index()

    def _kb_index(self) -> _KBIndex | None:
        """The index of the current KB, rebuilt when the KB is reloaded."""
        kb = getattr(self.kb_source, "kb", None)
        if kb is None:
            return None
        with self._index_lock:
            current = self._index
            if current is not None and current[0] is kb:
                return current[1]
            index = _KBIndex(kb)
            self._index = (kb, index)
            return index

    def _city_in(self, text: str) -> str:
        """A city the KB knows, named in the text: Amap's `city` hint, so 东宁路 is 杭州's."""
        index = self._kb_index()
        alias = _name_in(text, index.cities) if index else ""
        return index.cities[alias] if alias else ""

    def _from_kb(self, text: str) -> Place | None:
        index = self._kb_index()
        if index is None or not index.count:
            return None
        city_alias = _name_in(text, index.cities)
        city = index.cities.get(city_alias, "")
        district_alias = _name_in(text.replace(city_alias, "|") if city_alias else text, index.districts)
        district = ""
        if district_alias:
            pairs = index.districts[district_alias]
            pairs = [p for p in pairs if p[0] == city] if city else pairs
            if len(pairs) == 1:             # several cities with this district name: not a guess we make
                city, district = pairs[0]
        residual = text
        for alias in (city_alias, district_alias):
            if alias:
                residual = residual.replace(alias, "|")
        hit = index.find_landmark(residual, city, district)
        if hit:
            pos, matched = hit
            sid, lat, lng, st_city, st_district = index.kb.brief(pos)
            return Place(lat=lat, lng=lng, level="point", city=st_city, district=st_district,
                         name=matched, source="kb", station_id=sid)
        centre = index.kb.area_centre(city, district) if (city or district) else None
        if district and centre:
            return Place(lat=centre[0], lng=centre[1], level="district", city=city, district=district,
                         name=district, source="kb")
        if city and centre:
            return Place(lat=centre[0], lng=centre[1], level="city", city=city, name=city, source="kb")
        return None
