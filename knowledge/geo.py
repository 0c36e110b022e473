"""Nearest-station search over GCJ-02 points, exact and fast at national scale (~190,000).

Design (measured in bench/bench_kb.py):
- Points live on the unit sphere (xyz). There, straight-line (chord) distance is monotonic in
  great-circle distance, so a SciPy cKDTree answers "nearest on Earth" exactly.
- One tree per facility/service code, built lazily on first use. "Nearest 5 with a microwave"
  is then one tree query, never a scan that throws away stations without one; a query with
  several codes uses the tree of the rarest and checks the others with a per-station bitmask
  (≈45 codes fit in a uint64).
- A query with a city or district searches that area's stations by brute force (vectorised):
  areas are small, and the point may be far outside the area ("宁波哪里能洗澡" from Hangzhou).
- Any further predicate (open now) is applied to candidates in distance order; the tree is
  asked for more candidates (×4 each round) until k pass, then falls back to brute force.

Results equal a brute-force sort by (coords.haversine_m, rank) — rank being the caller's
tie-break order (the station id's order). Chord order only decides when no two candidates
around the cut are within float noise of each other; otherwise the exact distance does.
SciPy is therefore a runtime dependency: its C k-d tree is what makes a query cost about
as much as one unfiltered tree lookup. It is imported when the first tree is built (≈ 0.15 s
that a process which only understands text, or only lists a city, need not pay); a server
builds its trees before it forks (Engine.warm_up).
"""
from __future__ import annotations

import math
import threading
from array import array
from collections.abc import Callable, Sequence

import numpy as np

from knowledge.coords import EARTH_RADIUS_M, haversine_m, haversine_m_np, unit_xyz

Predicate = Callable[[int], bool]
_cos, _sin, _asin = math.cos, math.sin, math.asin   # module-level: the hot path's lookups

_D2R = math.pi / 180.0
_TWO_R = 2.0 * EARTH_RADIUS_M
# Two chord lengths closer than this (≈ 6 µm on Earth) may be ordered differently by chord
# and by haversine because of rounding; such near-ties are settled with the exact distance.
_CHORD_EPS = 1e-12
_METRE_EPS = 1e-6          # same idea for the vectorised (SIMD) haversine vs the scalar one
_MAX_TREE_ROUND = 2048     # beyond this many candidates, brute force is cheaper than the tree


def _m_to_chord(m: float) -> float:
    return 2.0 * math.sin(min(math.pi / 2, m / _TWO_R))


class _Tree:
    __slots__ = ("tree", "members", "member_list", "size")

    def __init__(self, xyz: np.ndarray, members: np.ndarray):
        self.members = members                      # tree-local index → station index
        self.member_list = array("i", members.tolist())  # the same, compact and fast to index
        self.size = len(members)
        if self.size:
            from scipy.spatial import cKDTree  # noqa: PLC0415 - see the module docstring
            self.tree = cKDTree(xyz[members], leafsize=32)
        else:
            self.tree = None


class GeoIndex:
    """Stations as parallel arrays: position i is station i throughout.

    lat, lng: GCJ-02 degrees. masks: uint64 bitmask of codes per station (bit numbers are the
    caller's). rank: tie-break order (lower first). An area (a city, a district) is passed to
    a query as the sorted array of its station positions; the caller keeps those groups.
    """

    def __init__(self, lat: np.ndarray, lng: np.ndarray, masks: np.ndarray, rank: np.ndarray):
        self.n = len(lat)
        self.lat = np.ascontiguousarray(lat, dtype=np.float64)
        self.lng = np.ascontiguousarray(lng, dtype=np.float64)
        self.masks = np.ascontiguousarray(masks, dtype=np.uint64)
        self.rank = np.ascontiguousarray(rank, dtype=np.int64)
        # array.array: per-item access from Python as fast as a list, 4x smaller
        self._lat_list = array("d", self.lat.tobytes())
        self._lng_list = array("d", self.lng.tobytes())
        self._mask_list = array("Q", self.masks.tobytes())
        self._rank_list = array("q", self.rank.tobytes())
        self._xyz = unit_xyz(self.lat, self.lng) if self.n else np.zeros((0, 3))
        self._trees: dict[int, _Tree] = {}          # bit → tree; -1 → all stations
        self._fast: dict[int, _Tree] = {}           # one-code mask (or 0) → its tree, once built
        self._lock = threading.Lock()
        # how many stations carry each bit: the query picks the tree of the rarest code
        self.bit_counts = [int(np.count_nonzero(self.masks & np.uint64(1 << b))) for b in range(64)]

    # ---- trees ----

    def _tree(self, bit: int) -> _Tree:
        t = self._trees.get(bit)
        if t is None:
            with self._lock:
                t = self._trees.get(bit)
                if t is None:
                    if bit < 0:
                        members = np.arange(self.n, dtype=np.int64)
                    else:
                        members = np.flatnonzero(self.masks & np.uint64(1 << bit))
                    t = self._trees[bit] = _Tree(self._xyz, members)
        return t

    def warm(self, bits: Sequence[int] = ()) -> None:
        """Build the trees up front (the all-stations tree and the given codes')."""
        self._tree(-1)
        for b in bits:
            if self.bit_counts[b]:
                self._tree(b)

    # ---- queries ----

    def nearest(self, lat: float, lng: float, k: int = 5, mask: int = 0, area: np.ndarray | None = None,
                pred: Predicate | None = None, max_distance_m: float | None = None) -> list[tuple[int, float]]:
        """The k nearest stations that carry every bit of `mask`, are among `area` (station
        positions, when given) and satisfy `pred`, within `max_distance_m`:
        [(position, metres)], nearest first, ties by rank."""
        if pred is None and max_distance_m is None and area is None and k > 0:
            # Fast path — the common question, "nearest k (with one code)": one tree query and
            # a single pass over k+1 results. Anything unusual goes the general way.
            t = self._fast.get(mask)
            if t is not None and t.size > k:
                p = lat * _D2R
                q = lng * _D2R
                cp = _cos(p)
                dist, idx = t.tree.query((cp * _cos(q), cp * _sin(q), _sin(p)), k + 1)
                m = t.member_list
                out = []
                prev = -1.0
                for c, j in zip(dist.tolist(), idx.tolist()):
                    if c - prev <= _CHORD_EPS:
                        break             # a near-tie (or duplicate point): settle it exactly
                    prev = c
                    out.append((m[j], _TWO_R * _asin(c * 0.5)))
                else:
                    out.pop()             # the (k+1)-th only proved that nothing ties the k-th
                    return out
        return self._nearest(lat, lng, k, mask, area, pred, max_distance_m)

    def _nearest(self, lat: float, lng: float, k: int, mask: int, area: np.ndarray | None,
                 pred: Predicate | None, max_distance_m: float | None) -> list[tuple[int, float]]:
        if k <= 0 or self.n == 0:
            return []
        if area is not None:
            return self._brute(np.asarray(area, dtype=np.int64), lat, lng, k, mask, pred, max_distance_m)
        bit = self._rarest_bit(mask)
        if bit == -2:                                   # a code no station has
            return []
        tree = self._tree(bit)
        if mask == 0 or mask == 1 << bit:
            self._fast[mask] = tree                     # later queries take the fast path
        rest = mask & ~(1 << bit) if bit >= 0 else mask
        return self._tree_search(tree, lat, lng, k, rest, pred, max_distance_m)

    def in_area(self, area: np.ndarray | None = None, mask: int = 0,
                pred: Predicate | None = None, limit: int | None = None) -> list[int]:
        """The stations of `area` (all when None) carrying every bit of `mask` and passing
        `pred`, in rank order; the first `limit` of them when given (a big city has thousands:
        only the ones shown are checked against `pred`)."""
        members = self.area_members(area, mask)
        members = members[np.argsort(self.rank[members], kind="stable")]
        if pred is None:
            return (members if limit is None else members[:max(0, limit)]).tolist()
        out: list[int] = []
        for i in members.tolist():
            if limit is not None and len(out) >= limit:
                break
            if pred(i):
                out.append(i)
        return out

    def area_members(self, area: np.ndarray | None, mask: int = 0) -> np.ndarray:
        """Positions of `area` (all when None) carrying every bit of `mask`, unordered."""
        members = np.arange(self.n, dtype=np.int64) if area is None else np.asarray(area, dtype=np.int64)
        if mask:
            m = np.uint64(mask)
            members = members[(self.masks[members] & m) == m]
        return members

    # ---- internals ----

    def _rarest_bit(self, mask: int) -> int:
        """The bit whose tree to search: the rarest code of the mask; -1 none; -2 unmatched."""
        if not mask:
            return -1
        if mask & (mask - 1) == 0:                     # one code: the common case
            b = mask.bit_length() - 1
            return b if b < 64 and self.bit_counts[b] else -2
        best, best_count = -1, self.n + 1
        while mask:
            low = mask & -mask
            b = low.bit_length() - 1
            c = self.bit_counts[b] if b < 64 else 0
            if c == 0:
                return -2
            if c < best_count:
                best, best_count = b, c
            mask ^= low
        return best

    def _tree_search(self, t: _Tree, lat: float, lng: float, k: int, rest: int,
                     pred: Predicate | None, max_m: float | None) -> list[tuple[int, float]]:
        # This is the hot path of every "nearest" question: kept to plain local operations.
        if t.size == 0:
            return []
        p = lat * _D2R
        q = lng * _D2R
        cp = math.cos(p)
        point = (cp * math.cos(q), cp * math.sin(q), math.sin(p))
        # Ask for one more than needed: the extra one proves nothing unseen ties the k-th.
        want = k + 1 if not (rest or pred) else 2 * k + 4
        members, masks = t.member_list, self._mask_list
        inf = math.inf
        while True:
            want = min(want, t.size)
            if max_m is None:
                dist, idx = t.tree.query(point, want)
            else:
                dist, idx = t.tree.query(point, want, distance_upper_bound=_m_to_chord(max_m) + _CHORD_EPS)
            if want == 1:
                dist, idx = [float(dist)], [int(idx)]
            else:
                dist, idx = dist.tolist(), idx.tolist()
            if not (rest or pred):
                found = [(c, members[j]) for c, j in zip(dist, idx) if c != inf]
            else:
                found = []
                for c, j in zip(dist, idx):
                    if c == inf:
                        break
                    i = members[j]
                    if rest and masks[i] & rest != rest:
                        continue
                    if pred is not None and not pred(i):
                        continue
                    found.append((c, i))
            # done when everything within reach was returned, or when the last candidate
            # fetched is clearly beyond the k-th match (so nothing unseen can tie it)
            if want >= t.size or dist[-1] == inf or (
                    len(found) >= k and dist[-1] - found[k - 1][0] > _CHORD_EPS):
                return self._finish(found, k, lat, lng, max_m)
            if want >= _MAX_TREE_ROUND:
                return self._brute(t.members, lat, lng, k, rest, pred, max_m)
            want *= 4

    def _finish(self, found: list[tuple[float, int]], k: int, lat: float, lng: float,
                max_m: float | None) -> list[tuple[int, float]]:
        """Chord-ordered matches → the first k by (exact distance, rank)."""
        if not found:
            return []
        cut = min(k, len(found))
        prev = -1.0
        for c, _ in found[:cut + 1]:
            if c - prev <= _CHORD_EPS:
                break                     # a near-tie: settle everything up to the cut exactly
            prev = c
        else:
            out = [(i, _TWO_R * math.asin(c * 0.5)) for c, i in found[:cut]]
            if max_m is not None:
                out = self._within(out, lat, lng, max_m)
            return out
        limit = found[cut - 1][0] + _CHORD_EPS
        out = self._exact([i for c, i in found if c <= limit], lat, lng)[:k]
        return self._within(out, lat, lng, max_m) if max_m is not None else out

    def _within(self, out: list[tuple[int, float]], lat: float, lng: float,
                max_m: float) -> list[tuple[int, float]]:
        la, ln = self._lat_list, self._lng_list
        return [(i, d) for i, d in out if d <= max_m - _METRE_EPS or haversine_m(lat, lng, la[i], ln[i]) <= max_m]

    def _exact(self, cand: list[int], lat: float, lng: float) -> list[tuple[int, float]]:
        la, ln, rk = self._lat_list, self._lng_list, self._rank_list
        scored = sorted((haversine_m(lat, lng, la[i], ln[i]), rk[i], i) for i in cand)
        return [(i, d) for d, _, i in scored]

    def _brute(self, members: np.ndarray, lat: float, lng: float, k: int, mask: int,
               pred: Predicate | None, max_m: float | None) -> list[tuple[int, float]]:
        if mask:
            m = np.uint64(mask)
            members = members[(self.masks[members] & m) == m]
        if len(members) == 0:
            return []
        d = haversine_m_np(lat, lng, self.lat[members], self.lng[members])
        if max_m is not None:
            keep = d <= max_m + _METRE_EPS
            members, d = members[keep], d[keep]
        order = np.argsort(d, kind="stable")
        picked: list[int] = []
        limit = math.inf
        for j in order.tolist():
            if d[j] > limit:
                break
            i = int(members[j])
            if pred is not None and not pred(i):
                continue
            picked.append(i)
            if len(picked) == k:
                limit = float(d[j]) + 2 * _METRE_EPS   # keep collecting near-ties of the k-th
        out = self._exact(picked, lat, lng)
        if max_m is not None:
            out = [(i, x) for i, x in out if x <= max_m]
        return out[:k]


def group(codes: np.ndarray) -> dict[int, np.ndarray]:
    """code → sorted positions holding it (codes < 0 ignored): the areas of a column."""
    if len(codes) == 0:
        return {}
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    ends = np.r_[starts[1:], len(order)]
    return {int(sorted_codes[s]): order[s:e].astype(np.int64) for s, e in zip(starts, ends)
            if sorted_codes[s] >= 0}
