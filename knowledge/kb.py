"""KnowledgeBase: the stations of one file version, searchable by place, code, area and name.

At national scale (~190,000 stations) a Station object per station would cost ~800 MB per
process, so the KB keeps columns (numpy arrays: position, code bitmask, city, district, hours)
and materialises a Station only when one is asked for (`get`, `Hit.station`, `in_area`),
keeping recently used ones. Small files (the seed's eight stations) hold their objects directly.
Both arrive as a `Compiled` (knowledge/cache.py builds, saves and loads it).
"""
from __future__ import annotations

import bisect
import hashlib
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from knowledge.geo import GeoIndex, group
from knowledge.hours import Hours, parse_hours
from knowledge.model import Station

if TYPE_CHECKING:
    from knowledge.cache import Compiled

_CACHE_SIZE = 4096                  # materialised stations kept per KB (≈ 4 MB)
# "宁波" == "宁波市", "海曙" == "海曙区": the suffixes people leave out
_AREA_SUFFIXES = ("特别行政区", "自治州", "自治县", "地区", "新区", "市", "区", "县", "州", "盟", "旗")


def area_key(name: str) -> str:
    """Normalised city/district name: no spaces, no administrative suffix (kept when the rest
    would be a single character: 津市 ≠ 津, 沙区 stays)."""
    s = "".join(str(name).split())
    for suffix in _AREA_SUFFIXES:
        if s.endswith(suffix) and len(s) - len(suffix) >= 2:
            return s[: -len(suffix)]
    return s


def name_key(name: str) -> str:
    """Normalised station name for exact lookup: no spaces or punctuation, latin lower-cased."""
    return "".join(ch for ch in str(name).lower() if ch.isalnum())


def name_hash(key: str) -> int:
    """A stable 64-bit hash of a normalised name (the same in every process, unlike hash())."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


class NameLookup:
    """name_key(name) → ids of the stations with that name, short name or alias.

    Two sorted flat arrays (hash, position) from the compiled cache instead of a dict of every
    name: nothing to build at start-up and ~5 MB instead of tens of MB at 190,000 stations.
    A 64-bit hash collision between a rider's phrase and a station name (≈ 1 in 10^14 per
    lookup) is accepted. Exposes the dict method the understanding layer uses: get()."""

    def __init__(self, hashes: np.ndarray, positions: np.ndarray, ids: list[str]):
        self._hashes = array("Q", np.ascontiguousarray(hashes, dtype=np.uint64).tobytes())
        self._positions = array("i", np.ascontiguousarray(positions, dtype=np.int32).tobytes())
        self._ids = ids

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
        h = name_hash(key)
        lo = bisect.bisect_left(self._hashes, h)
        hi = lo
        while hi < len(self._hashes) and self._hashes[hi] == h:
            hi += 1
        if lo == hi:
            return default
        return tuple(self._ids[self._positions[j]] for j in range(lo, hi))

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None


class TextIndex:
    """Which stations' names, address or landmark contain a piece of text ("东宁路", "段塘"),
    for typed places — without a Station object per station.

    texts: every station's "name|short|aliases|address|landmark\n" as UTF-8 (the compiled
    cache maps it), offsets: byte offset of station i's text. Bigram postings (every pair of
    adjacent characters → the sorted positions of the stations containing it) narrow a search
    to the stations holding the rarest pairs of the text; those few are then checked whole.
    """

    def __init__(self, blob: bytes | Any, offsets: np.ndarray, bigrams: np.ndarray, starts: np.ndarray,
                 postings: np.ndarray):
        self.blob = blob
        self.offsets = array("q", np.ascontiguousarray(offsets, dtype=np.int64).tobytes())
        self._bigrams = array("Q", np.ascontiguousarray(bigrams, dtype=np.uint64).tobytes())
        self._starts = array("q", np.ascontiguousarray(starts, dtype=np.int64).tobytes())
        self._postings = postings

    @staticmethod
    def text_of(station: Station) -> str:
        return "|".join(x for x in (*station.names, station.address, station.landmark) if x)

    @staticmethod
    def build(texts: list[str]) -> tuple[bytes, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(blob, offsets, bigrams, starts, postings) of the texts, vectorised (≈ 1 s at 190,000)."""
        texts = [t.replace("\n", " ") + "\n" for t in texts]
        encoded = [t.encode("utf-8") for t in texts]
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        chars = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        owner = np.repeat(np.arange(len(texts), dtype=np.int64), [len(t) for t in texts])
        pairs = (chars[:-1] << np.uint64(21)) | chars[1:]
        sep = (chars == ord("\n")) | (chars == ord("|"))
        keep = ~(sep[:-1] | sep[1:])
        pairs, owner = pairs[keep], owner[:-1][keep]
        order = np.lexsort((owner, pairs))
        pairs, owner = pairs[order], owner[order]
        distinct = np.r_[True, (pairs[1:] != pairs[:-1]) | (owner[1:] != owner[:-1])] if len(pairs) else \
            np.zeros(0, dtype=bool)
        pairs, owner = pairs[distinct], owner[distinct]
        bigrams, starts = np.unique(pairs, return_index=True)
        starts = np.r_[starts, len(pairs)].astype(np.int64)
        return b"".join(encoded), offsets, bigrams.astype(np.uint64), starts, owner.astype(np.int32)

    def search(self, text: str, within: np.ndarray | None = None, limit: int = 200) -> list[int]:
        """Positions (ascending) of up to `limit` stations whose text contains `text` (2+
        characters), among the sorted positions `within` when given."""
        if len(text) < 2 or "|" in text or "\n" in text:
            return []
        spans = []
        for a, b in zip(text, text[1:]):
            key = (ord(a) << 21) | ord(b)
            j = bisect.bisect_left(self._bigrams, key)
            if j == len(self._bigrams) or self._bigrams[j] != key:
                return []                       # a pair no station has: nothing can match
            spans.append((self._starts[j + 1] - self._starts[j], self._starts[j]))
        spans.sort()
        size, lo = spans[0]
        cand = self._postings[lo:lo + size]
        for size, lo in spans[1:3]:             # two more intersections narrow enough
            if len(cand) <= 64:
                break
            cand = np.intersect1d(cand, self._postings[lo:lo + size], assume_unique=True)
        if within is not None:
            cand = np.intersect1d(cand, within, assume_unique=True)
        needle, blob, off = text.encode("utf-8"), self.blob, self.offsets
        out = []
        for i in cand.tolist():
            if blob.find(needle, off[i], off[i + 1]) >= 0:
                out.append(i)
                if len(out) >= limit:
                    break
        return out


class Hit:
    """One search result: a station (materialised on first access) and its distance."""
    __slots__ = ("_kb", "index", "distance_m", "_station")

    def __init__(self, kb: KnowledgeBase, index: int, distance_m: float):
        self._kb, self.index, self.distance_m, self._station = kb, index, distance_m, None

    @property
    def station(self) -> Station:
        if self._station is None:
            self._station = self._kb.station_at(self.index)
        return self._station

    @property
    def id(self) -> str:
        return self._kb.ids[self.index]

    def __iter__(self) -> Iterator[Any]:          # station, distance = hit
        return iter((self.station, self.distance_m))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hit) and (self.id, self.distance_m) == (other.id, other.distance_m)

    def __hash__(self) -> int:
        return hash((self.id, self.distance_m))

    def __repr__(self) -> str:
        return f"Hit({self.id!r}, {self.distance_m:.1f} m)"


class StationSeq(Sequence):
    """kb.stations: a read-only sequence in file order that materialises as it is read."""

    def __init__(self, kb: KnowledgeBase):
        self._kb = kb

    def __len__(self) -> int:
        return self._kb.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._kb.station_at(j) for j in range(*i.indices(self._kb.n))]
        if i < 0:
            i += self._kb.n
        if not 0 <= i < self._kb.n:
            raise IndexError(i)
        return self._kb.station_at(i)

    def __iter__(self) -> Iterator[Station]:
        for i in range(self._kb.n):
            yield self._kb.station_at(i)


class KnowledgeBase:
    def __init__(self, compiled: Compiled):
        c = compiled
        self.source_hash = c.source_hash
        self.n = len(c.ids)
        self.ids: list[str] = c.ids
        self._index = {sid: i for i, sid in enumerate(c.ids)}
        self._records = c.records                      # position → Station
        self._codes = c.codes                          # bit → (code, kind)
        self._bit = {code: b for b, (code, _) in enumerate(c.codes)}
        self._masks: dict[tuple, int | None] = {}     # codes tuple → mask (a menu button's codes)
        self._city = c.city
        self._district = c.district
        self.city_names: list[str] = c.city_names
        self.district_names: list[tuple[int, str]] = c.district_names
        self._hours_id = c.hours.tolist()
        self._hours: list[Hours] = [parse_hours(s) for s in c.hours_specs]
        self._names = c.names                          # callable → [(name, position)], lazy
        self._name_index: dict[str, tuple[str, ...]] | None = None
        self.name_lookup = NameLookup(c.name_hash, c.name_pos, c.ids)
        self.geo = GeoIndex(c.lat, c.lng, c.masks, c.rank)
        self._city_groups = group(c.city)
        self._district_groups = group(c.district)
        self._city_by_key: dict[str, list[int]] = {}
        for cid, name in enumerate(c.city_names):
            self._city_by_key.setdefault(area_key(name), []).append(cid)
        self._district_by_key: dict[str, list[int]] = {}
        for did, (_, name) in enumerate(c.district_names):
            self._district_by_key.setdefault(area_key(name), []).append(did)
        self._cache: OrderedDict[int, Station] = OrderedDict()
        self._lock = threading.Lock()
        self._always = {h for h, hours in enumerate(self._hours) if hours.always}   # 24 h specs
        # service code → stations with a recorded activity of it ("" = of no code): schedules
        self._scheduled = {code: np.asarray(sorted(pos), dtype=np.int64) for code, pos in c.scheduled.items()}
        self._texts = c.texts                          # callable → TextIndex, loaded on first use
        self._text_index: TextIndex | None = None

    @classmethod
    def from_stations(cls, stations: Iterable[Station]) -> KnowledgeBase:
        """A KB straight from Station objects (tests, small files), without a cache."""
        from knowledge.cache import compile_stations  # noqa: PLC0415 - cache imports kb
        return cls(compile_stations(list(stations)))

    # ---- stations ----

    @property
    def stations(self) -> StationSeq:
        return StationSeq(self)

    def __len__(self) -> int:
        return self.n

    def get(self, station_id: str) -> Station | None:
        i = self._index.get(station_id)
        return None if i is None else self.station_at(i)

    def station_at(self, i: int) -> Station:
        st = self._cache.get(i)
        if st is not None:
            return st
        st = self._records(i)
        with self._lock:
            self._cache[i] = st
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return st

    # ---- search ----

    def nearest(self, lat: float, lng: float, k: int = 3, codes: Iterable[str] | None = (),
                city: str | None = None, district: str | None = None,
                open_at: datetime | float | None = None, max_distance_m: float | None = None,
                always_open: bool = False, scheduled: bool = False) -> list[Hit]:
        """The k stations nearest to a GCJ-02 point that offer every code, are in the city /
        district, are open at `open_at` (is_open is True, not merely unknown) — or round the
        clock with `always_open` —, have a recorded activity of every code with `scheduled`
        (of any kind when no code), and are within max_distance_m — nearest first, equal
        distances by id. Raises ValueError on a point that is not a coordinate."""
        lat, lng = _check_point(lat, lng)
        mask = self._mask(codes)
        if mask is None or k <= 0:
            return []
        area = None
        if city or district or scheduled:
            area = self._area(city, district, (codes or ()) if scheduled else None)
            if len(area) == 0:
                return []
        pred = self._hours_pred(open_at, always_open)
        found = self.geo.nearest(lat, lng, int(k), mask, area, pred, max_distance_m)
        return [Hit(self, i, d) for i, d in found]

    def in_area(self, city: str | None = None, district: str | None = None, codes: Iterable[str] | None = (),
                open_at: datetime | float | None = None, limit: int | None = None,
                always_open: bool = False, scheduled: bool = False) -> list[Station]:
        """Every station of a city and/or district (the whole KB when neither is given) that
        offers every code and is open at `open_at` (filters as in nearest), in id order — the
        first `limit` of them when given (only those are materialised)."""
        positions = self._in_area(city, district, codes, scheduled)
        if positions is None:
            return []
        found = self.geo.in_area(positions, 0, self._hours_pred(open_at, always_open), limit)
        return [self.station_at(i) for i in found]

    def count_in_area(self, city: str | None = None, district: str | None = None,
                      codes: Iterable[str] | None = ()) -> int:
        """How many stations of the area offer every code (without materialising any)."""
        positions = self._in_area(city, district, codes)
        return 0 if positions is None else len(positions)

    def _in_area(self, city: str | None, district: str | None, codes: Iterable[str] | None,
                 scheduled: bool = False) -> np.ndarray | None:
        """Positions of the area's stations with every code; None when none can match."""
        mask = self._mask(codes)
        if mask is None:
            return None
        area = self._area(city, district, (codes or ()) if scheduled else None) if (city or district or scheduled) else None
        if area is not None and len(area) == 0:
            return None
        return self.geo.area_members(area, mask)

    # ---- places and names ----

    def cities(self) -> list[str]:
        """Every city, as the file writes it (杭州市)."""
        return sorted(self.city_names)

    def districts(self) -> dict[str, str]:
        """district → its city. A district name used in two cities (鼓楼区) maps to the first;
        `resolve_district` gives all of them."""
        out: dict[str, str] = {}
        for cid, name in self.district_names:
            out.setdefault(name, self.city_names[cid])
        return out

    def resolve_city(self, name: str) -> str | None:
        """The KB's spelling of a city the rider named ("宁波" → "宁波市"), or None."""
        ids = self._city_by_key.get(area_key(name))
        return self.city_names[ids[0]] if ids else None

    def resolve_district(self, name: str) -> list[tuple[str, str]]:
        """[(city, district)] for a district name ("海曙" → [("宁波市", "海曙区")])."""
        return [(self.city_names[self.district_names[d][0]], self.district_names[d][1])
                for d in self._district_by_key.get(area_key(name), [])]

    def name_index(self) -> dict[str, tuple[str, ...]]:
        """Every full name, short name and alias (normalised with name_key) → station ids.

        Built on first use (≈ 1 s at 190,000 stations), for whoever must list the names — the
        understanding layer when its own cache is cold. To look a name up, use `name_lookup`
        (ready at once). Tuples and the KB's own id strings: tens of MB, not hundreds."""
        if self._name_index is None:
            index: dict[str, tuple[str, ...]] = {}
            ids = self.ids
            for name, i in self._names():
                key = name_key(name)
                have = index.get(key)
                if have is None:
                    index[key] = (ids[i],)
                elif ids[i] not in have:
                    index[key] = (*have, ids[i])
            self._name_index = index
        return self._name_index

    def names(self) -> list[str]:
        """Every distinct name riders may use (full, short, aliases), as written."""
        return sorted({name for name, _ in self._names()})

    def find_by_name(self, name: str) -> list[Station]:
        """Stations whose name, short name or an alias equals `name` (normalised)."""
        return [st for sid in self.name_lookup.get(name_key(name), ()) if (st := self.get(sid))]

    def warm(self, codes: Iterable[str] = ()) -> None:
        """Build the search trees now (all stations, and the given codes') instead of on the
        first question that needs them."""
        self.geo.warm([self._bit[c] for c in codes if c in self._bit])

    # ---- typed places ----

    def text_search(self, text: str, city: str | None = None, limit: int = 200) -> list[int]:
        """Positions of stations (of the city, when given) whose names, address or landmark
        contain `text`, in file order; see TextIndex."""
        index = self._text_index
        if index is None:
            with self._lock:
                if self._text_index is None:
                    self._text_index = self._texts()
                index = self._text_index
        within = None
        if city:
            within = self._area(city, None)
            if within is None or len(within) == 0:
                return []
        return index.search(text, within, limit)

    def brief(self, i: int) -> tuple[str, float, float, str, str]:
        """(id, lat, lng, city, district) of station i, without materialising it."""
        d = int(self._district[i])
        return (self.ids[i], float(self.geo.lat[i]), float(self.geo.lng[i]),
                self.city_names[int(self._city[i])], self.district_names[d][1] if d >= 0 else "")

    def area_centre(self, city: str | None, district: str | None = None) -> tuple[float, float] | None:
        """Mean position of an area's stations (a typed city or district without a point)."""
        area = self._area(city, district)
        if area is None or len(area) == 0:
            return None
        return float(self.geo.lat[area].mean()), float(self.geo.lng[area].mean())

    # ---- internals ----

    def _mask(self, codes: Iterable[str] | None) -> int | None:
        """Bitmask of the codes; None when a code is unknown (no station can offer it)."""
        if not codes:
            return 0
        if isinstance(codes, str):
            codes = (codes,)
        elif isinstance(codes, tuple):
            mask = self._masks.get(codes, -1)
            if mask != -1:
                return mask
            mask = self._mask(list(codes))
            if len(self._masks) < 1024:            # bounded: codes come from the vocabulary
                self._masks[codes] = mask
            return mask
        mask = 0
        for code in codes:
            b = self._bit.get(code)
            if b is None:
                return None
            mask |= 1 << b
        return mask

    def _area(self, city: str | None, district: str | None,
              scheduled_codes: Iterable[str] | None = None) -> np.ndarray | None:
        """Positions of the stations in the city/district — and, when `scheduled_codes` is
        given (even empty), with an activity of each of those codes; None for "anywhere"."""
        parts = []
        if city:
            ids = self._city_by_key.get(area_key(city), [])
            parts.append(_union([self._city_groups.get(c) for c in ids]))
        if district:
            ids = self._district_by_key.get(area_key(district), [])
            parts.append(_union([self._district_groups.get(d) for d in ids]))
        if scheduled_codes is not None:
            wanted = [scheduled_codes] if isinstance(scheduled_codes, str) else list(scheduled_codes)
            if wanted:
                parts += [self._scheduled.get(c, _EMPTY) for c in wanted]
            else:
                parts.append(_union(list(self._scheduled.values())))
        if not parts:
            return None
        area = parts[0]
        for other in parts[1:]:
            area = np.intersect1d(area, other, assume_unique=True)
        return area

    def _hours_pred(self, open_at: datetime | float | None, always_open: bool):
        if not always_open:
            return self._open_pred(open_at)
        always, hid, open_pred = self._always, self._hours_id, self._open_pred(open_at)
        if open_pred is None:
            return lambda i: hid[i] in always
        return lambda i: hid[i] in always and open_pred(i)

    def _open_pred(self, open_at: datetime | float | None):
        if open_at is None:
            return None
        if not isinstance(open_at, (datetime, int, float)) or isinstance(open_at, bool):
            raise ValueError(f"open_at must be a datetime or unix seconds, got {type(open_at).__name__}")
        hours, hid = self._hours, self._hours_id
        memo: dict[int, bool] = {}      # stations share a few hours specs: evaluate each once

        def is_open(i: int) -> bool:
            g = hid[i]
            v = memo.get(g)
            if v is None:
                v = memo[g] = hours[g].is_open(open_at) is True
            return v
        return is_open


_EMPTY = np.zeros(0, dtype=np.int64)


def _union(arrays: list[np.ndarray | None]) -> np.ndarray:
    arrays = [a for a in arrays if a is not None]
    if not arrays:
        return np.zeros(0, dtype=np.int64)
    return arrays[0] if len(arrays) == 1 else np.unique(np.concatenate(arrays))


def _check_point(lat: Any, lng: Any) -> tuple[float, float]:
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        raise ValueError(f"not a coordinate: lat={lat!r}, lng={lng!r}") from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0):   # also false for NaN
        raise ValueError(f"not a coordinate: lat={lat!r}, lng={lng!r} (lat −90…90, lng −180…180)")
    return lat, lng


__all__ = ["Hit", "KnowledgeBase", "NameLookup", "TextIndex", "StationSeq", "area_key", "name_hash", "name_key"]
