"""The compiled station cache: what lets a process with 190,000 stations start in about a second.

stations.yaml stays the source of truth. The first process to see a file version validates it
(knowledge.loader) and writes a compiled copy to cache_dir/kb-<key>/, where key = sha256 of the
station file's bytes + the vocabulary's bytes + FORMAT (+ the Station fields, so a model change
can never read an old layout). Later processes map that copy instead of parsing YAML.

Layout of a cache entry (a directory, written to a temporary name and renamed into place):
    meta.json      format, key, station count, sha256 of every other file
    *.npy          columns: lat, lng, masks (uint64 code bits), city, district, hours, rank, offsets;
                   name_hash + name_pos: the name index (see knowledge.kb.NameLookup), sorted;
                   text_offsets, bigrams, bigram_starts, postings: knowledge.kb.TextIndex
    texts.bin      every station's names, address and landmark (UTF-8), mmap-ed on first use
    records.bin    one marshal record per station (the fields that are not columns), mmap-ed
    tables.bin     marshal: ids, code bits, city/district names, hours specs, scheduled activities
    names.bin      marshal: (name, position) for every name/short name/alias — read on first use

A cache entry whose files do not match meta.json, or that fails to load, is deleted and rebuilt;
nothing in it is trusted before its digests are checked.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import marshal
import mmap
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.hours import parse_hours
from knowledge.kb import KnowledgeBase, TextIndex, name_hash, name_key
from knowledge.model import Activity, Station
from knowledge.vocabulary import DEFAULT_PATH as VOCABULARY_PATH
from knowledge.vocabulary import load_vocabulary

log = logging.getLogger(__name__)

FORMAT = 4                          # bump when the layout below changes
DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache"
# Fields kept as columns; every other init field of Station goes into the per-station record.
_COLUMN_FIELDS = ("lat", "lng", "city", "district", "hours", "facilities", "services")
RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(Station) if f.init and f.name not in _COLUMN_FIELDS)
ACTIVITY_FIELDS = tuple(f.name for f in dataclasses.fields(Activity) if f.init)
_ARRAYS = ("lat", "lng", "masks", "city", "district", "hours", "rank", "offsets", "name_hash", "name_pos",
           "text_offsets", "bigrams", "bigram_starts", "postings")
_PER_STATION = ("lat", "lng", "masks", "city", "district", "hours", "rank")   # one row per station


@dataclass
class Compiled:
    """A KB's data: columns, tables and a way to get station i. See KnowledgeBase."""
    ids: list[str]
    lat: np.ndarray
    lng: np.ndarray
    masks: np.ndarray
    city: np.ndarray
    district: np.ndarray
    hours: np.ndarray
    rank: np.ndarray
    codes: list[tuple[str, str]]                 # bit → (code, "facility" | "service")
    city_names: list[str]
    district_names: list[tuple[int, str]]        # district id → (city id, name)
    hours_specs: list[str]
    records: Callable[[int], Station]
    names: Callable[[], list[tuple[str, int]]]
    name_hash: np.ndarray               # uint64 hash of each normalised name, sorted …
    name_pos: np.ndarray                # … and the station position it names (see NameLookup)
    texts: Callable[[], TextIndex]      # typed-place search over names/address/landmark, lazy
    scheduled: dict[str, list[int]]     # service code → positions of stations with an activity of it
    source_hash: str = ""


# ---- building ----

def compile_stations(stations: list[Station], source_hash: str = "") -> Compiled:
    """Columns and tables from Station objects; the objects themselves serve as records."""
    vocab = load_vocabulary()
    codes = [(t.code, t.kind) for t in vocab]
    if len(codes) > 64:
        raise ValueError(f"{len(codes)} vocabulary codes: the code bitmask (uint64) holds 64")
    bit = {code: b for b, (code, _) in enumerate(codes)}
    n = len(stations)
    masks = np.zeros(n, dtype=np.uint64)
    mask_of: dict[frozenset, int] = {}
    city_id: dict[str, int] = {}
    district_id: dict[tuple[int, str], int] = {}
    hours_id: dict[str, int] = {}
    city = np.empty(n, dtype=np.int32)
    district = np.empty(n, dtype=np.int32)
    hours = np.empty(n, dtype=np.int32)
    for i, s in enumerate(stations):
        m = mask_of.get(s.codes)
        if m is None:
            m = mask_of[s.codes] = sum(1 << bit[c] for c in s.codes)
        masks[i] = m
        c = city[i] = city_id.setdefault(s.city, len(city_id))
        district[i] = district_id.setdefault((c, s.district), len(district_id)) if s.district else -1
        hours[i] = hours_id.setdefault(s.hours.spec, len(hours_id))
    ids = [s.id for s in stations]
    rank = np.empty(n, dtype=np.int64)
    rank[sorted(range(n), key=ids.__getitem__)] = np.arange(n)
    hashes, positions = name_arrays(_names(stations))
    scheduled: dict[str, list[int]] = {}
    for i, s in enumerate(stations):
        for code in sorted({a.service or "" for a in s.activities}):
            scheduled.setdefault(code, []).append(i)      # "" = an activity of no service code
    return Compiled(
        ids=ids, lat=np.array([s.lat for s in stations], dtype=np.float64),
        lng=np.array([s.lng for s in stations], dtype=np.float64), masks=masks, city=city,
        district=district, hours=hours, rank=rank, codes=codes, city_names=list(city_id),
        district_names=[(c, name) for (c, name) in district_id], hours_specs=list(hours_id),
        records=stations.__getitem__, names=lambda: _names(stations), name_hash=hashes,
        name_pos=positions, texts=lambda: TextIndex(*_text_arrays(stations)), scheduled=scheduled,
        source_hash=source_hash)


def _text_arrays(stations: list[Station]):
    return TextIndex.build([TextIndex.text_of(s) for s in stations])


def name_arrays(names: list[tuple[str, int]]) -> tuple[np.ndarray, np.ndarray]:
    """(hash, position) of every distinct (normalised name, station), sorted by hash then
    position: the name index as two flat arrays that load in a millisecond, where a dict of
    200,000 names took most of a second to build (or to unmarshal) at every start."""
    pairs = sorted({(name_hash(name_key(name)), i) for name, i in names})
    return (np.array([h for h, _ in pairs], dtype=np.uint64),
            np.array([i for _, i in pairs], dtype=np.int32))


def _names(stations: list[Station]) -> list[tuple[str, int]]:
    return [(name, i) for i, s in enumerate(stations) for name in s.names if name]


def _record(s: Station) -> bytes:
    values = []
    for f in RECORD_FIELDS:
        v = getattr(s, f)
        if f == "activities":
            v = tuple(tuple(getattr(a, af) for af in ACTIVITY_FIELDS) for a in v)
        values.append(v)
    return marshal.dumps(tuple(values))


class _Records:
    """Station i from the mmap-ed record file plus the columns: ~10 µs, no YAML, no pickle."""

    def __init__(self, blob: mmap.mmap | bytes, offsets: np.ndarray, c: Compiled):
        self.blob, self.offsets, self.c = blob, offsets.tolist(), c
        self.hours = [parse_hours(s) for s in c.hours_specs]
        self.by_mask: dict[int, tuple[frozenset, frozenset]] = {}

    def __call__(self, i: int) -> Station:
        c = self.c
        values = dict(zip(RECORD_FIELDS, marshal.loads(self.blob[self.offsets[i]:self.offsets[i + 1]])))
        if values.get("activities"):
            values["activities"] = tuple(Activity(**dict(zip(ACTIVITY_FIELDS, a))) for a in values["activities"])
        m = int(c.masks[i])
        fs = self.by_mask.get(m)
        if fs is None:
            have = [(code, kind) for b, (code, kind) in enumerate(c.codes) if m >> b & 1]
            fs = self.by_mask[m] = (frozenset(code for code, kind in have if kind == "facility"),
                                    frozenset(code for code, kind in have if kind == "service"))
        d = int(c.district[i])
        return Station(lat=float(c.lat[i]), lng=float(c.lng[i]), city=c.city_names[int(c.city[i])],
                       district=c.district_names[d][1] if d >= 0 else None,
                       hours=self.hours[int(c.hours[i])], facilities=fs[0], services=fs[1], **values)


# ---- the cache on disk ----

def cache_key(source: bytes) -> str:
    h = hashlib.sha256()
    h.update(f"format {FORMAT}\n{RECORD_FIELDS}\n{ACTIVITY_FIELDS}\n".encode())
    h.update(hashlib.sha256(VOCABULARY_PATH.read_bytes()).digest())
    h.update(hashlib.sha256(source).digest())
    return h.hexdigest()[:32]


def write_cache(stations: list[Station], entry: Path, key: str) -> None:
    """Write the compiled copy of `stations` to the directory `entry`, atomically."""
    c = compile_stations(stations, key)
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=entry.parent))
    try:
        records = [_record(s) for s in stations]
        offsets = np.zeros(len(records) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in records], out=offsets[1:])
        (tmp / "records.bin").write_bytes(b"".join(records))
        blob, text_offsets, bigrams, bigram_starts, postings = _text_arrays(stations)
        (tmp / "texts.bin").write_bytes(blob)
        arrays = dict(lat=c.lat, lng=c.lng, masks=c.masks, city=c.city, district=c.district,
                      hours=c.hours, rank=c.rank, offsets=offsets, name_hash=c.name_hash, name_pos=c.name_pos,
                      text_offsets=text_offsets, bigrams=bigrams, bigram_starts=bigram_starts, postings=postings)
        for name, arr in arrays.items():
            np.save(tmp / f"{name}.npy", arr, allow_pickle=False)
        (tmp / "tables.bin").write_bytes(marshal.dumps(
            (c.ids, c.codes, c.city_names, c.district_names, c.hours_specs, c.scheduled)))
        (tmp / "names.bin").write_bytes(marshal.dumps(_names(stations)))
        digests = {p.name: _file_digest(p) for p in sorted(tmp.iterdir())}
        meta = dict(format=FORMAT, key=key, count=len(stations), files=digests, written=time.time())
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        try:
            os.replace(tmp, entry)
        except OSError:
            if not (entry / "meta.json").is_file():   # not just another process winning the race
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def read_cache(entry: Path, key: str) -> Compiled:
    """The compiled KB in `entry`; raises ValueError/OSError when it is not exactly what
    meta.json says (the caller then rebuilds it)."""
    meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT or meta.get("key") != key:
        raise ValueError("cache entry is for another format or file")
    files = meta.get("files") or {}
    expected = {f"{a}.npy" for a in _ARRAYS} | {"records.bin", "tables.bin", "names.bin", "texts.bin"}
    if set(files) != expected:
        raise ValueError("cache entry is incomplete")
    for name, digest in files.items():
        if _file_digest(entry / name) != digest:
            raise ValueError(f"cache file {name} is corrupt")
    arr = {a: np.load(entry / f"{a}.npy", allow_pickle=False) for a in _ARRAYS}
    ids, codes, city_names, district_names, hours_specs, scheduled = marshal.loads(
        (entry / "tables.bin").read_bytes())
    n = meta["count"]
    if len(ids) != n or any(len(arr[a]) != n for a in _PER_STATION) or len(arr["offsets"]) != n + 1 \
            or len(arr["text_offsets"]) != n + 1 or len(arr["bigram_starts"]) != len(arr["bigrams"]) + 1 \
            or (len(arr["bigram_starts"]) and int(arr["bigram_starts"][-1]) != len(arr["postings"])) \
            or len(arr["name_hash"]) != len(arr["name_pos"]) or (n and len(arr["name_pos"]) and (
                int(arr["name_pos"].min()) < 0 or int(arr["name_pos"].max()) >= n)):
        raise ValueError("cache entry has inconsistent lengths")
    with open(entry / "records.bin", "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if int(arr["offsets"][-1]) != size:
            raise ValueError("cache records do not match their offsets")
        blob = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    names_path = entry / "names.bin"
    texts_path = entry / "texts.bin"
    if int(arr["text_offsets"][-1]) != texts_path.stat().st_size:
        raise ValueError("cache texts do not match their offsets")

    def texts() -> TextIndex:
        return TextIndex(_map(texts_path), arr["text_offsets"], arr["bigrams"], arr["bigram_starts"],
                         arr["postings"])
    c = Compiled(ids=ids, lat=arr["lat"], lng=arr["lng"], masks=arr["masks"], city=arr["city"],
                 district=arr["district"], hours=arr["hours"], rank=arr["rank"],
                 codes=[tuple(x) for x in codes], city_names=city_names,
                 district_names=[tuple(x) for x in district_names], hours_specs=hours_specs,
                 records=lambda i: None, names=lambda: marshal.loads(names_path.read_bytes()),
                 name_hash=arr["name_hash"], name_pos=arr["name_pos"], texts=texts, scheduled=scheduled,
                 source_hash=key)
    c.records = _Records(blob, arr["offsets"], c)
    return c


def _map(path: Path) -> mmap.mmap | bytes:
    """A read-only map of a file (shared by every process through the page cache)."""
    with open(path, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(f.fileno()).st_size else b""


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def read_source(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as e:
        from knowledge.loader import KBError, KBIssue  # noqa: PLC0415
        raise KBError([KBIssue(str(path), 0, "", f"cannot read the file: {e.strerror or e}")]) from None


def parse_source(data: bytes, path: Path) -> list[Station]:
    """Validate and build the stations of a file's bytes (raises KBError)."""
    from knowledge.loader import KBError, KBIssue, parse_stations  # noqa: PLC0415
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise KBError([KBIssue(str(path), 0, "", f"not UTF-8 text: {e.reason} at byte {e.start}")]) from None
    return parse_stations(text, str(path))   # a synth file's JSON body takes the loader's fast path


def load_kb(path: str | Path, cache_dir: str | Path | None = None) -> KnowledgeBase:
    """The KnowledgeBase of a station file, through the compiled cache; raises KBError when
    the file is invalid. A missing, stale or corrupt cache entry is (re)built."""
    path = Path(path)
    data = read_source(path)
    return load_kb_bytes(data, path, cache_dir)


def load_kb_bytes(data: bytes, path: Path, cache_dir: str | Path | None = None) -> KnowledgeBase:
    key = cache_key(data)
    root = Path(cache_dir) if cache_dir else DEFAULT_CACHE_DIR
    entry = root / f"kb-{key}"
    if entry.is_dir():
        try:
            return KnowledgeBase(read_cache(entry, key))
        except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError) as e:
            log.warning("station cache %s unusable (%s): rebuilding it", entry.name, e)
            shutil.rmtree(entry, ignore_errors=True)
    stations = parse_source(data, path)           # raises KBError: the file decides, not the cache
    try:
        write_cache(stations, entry, key)
        _prune(root, keep=entry.name)
    except OSError as e:                          # read-only disk: still serve, just slower starts
        log.warning("cannot write the station cache in %s (%s): using the file directly", root, e)
        return KnowledgeBase(compile_stations(stations, key))
    del stations                                  # the objects are ~10x the size of the cache
    return KnowledgeBase(read_cache(entry, key))


def _prune(root: Path, keep: str, max_entries: int = 4) -> None:
    """Keep the newest few cache entries (other processes may still be reading older ones)."""
    entries = sorted((p for p in root.glob("kb-*") if p.is_dir() and p.name != keep),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[max_entries - 1:]:
        shutil.rmtree(old, ignore_errors=True)
