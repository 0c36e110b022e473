"""knowledge.geo.GeoIndex returns exactly what a brute-force sort returns."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.coords import haversine_m
from knowledge.geo import GeoIndex, group

N_BITS = 6


def make_index(seed: int, n: int = 400):
    """Clustered stations with duplicated coordinates (ties) and a few far ones."""
    rng = np.random.default_rng(seed)
    lat = 30.0 + rng.normal(0, 0.05, n)
    lng = 120.0 + rng.normal(0, 0.05, n)
    dup = rng.integers(0, n, n // 10)
    lat[dup[: len(dup) // 2]] = lat[dup[len(dup) // 2:]][: len(dup) // 2]   # identical points
    lng[dup[: len(dup) // 2]] = lng[dup[len(dup) // 2:]][: len(dup) // 2]
    lat[:5] += 5.0                                                              # a far cluster
    masks = np.zeros(n, dtype=np.uint64)
    for b, p in enumerate((0.9, 0.5, 0.2, 0.05, 0.01, 0.0)):
        masks |= (rng.random(n) < p).astype(np.uint64) << np.uint64(b)
    rank = rng.permutation(n)                      # tie order independent of position
    area = rng.integers(0, 4, n)
    return GeoIndex(lat, lng, masks, rank), lat, lng, masks, rank, area


def brute(lat, lng, masks, rank, qlat, qlng, k, mask, members=None, pred=None, max_m=None):
    cand = range(len(lat)) if members is None else members
    rows = []
    for i in cand:
        i = int(i)
        if int(masks[i]) & mask != mask or (pred and not pred(i)):
            continue
        d = haversine_m(qlat, qlng, float(lat[i]), float(lng[i]))
        if max_m is not None and d > max_m:
            continue
        rows.append((d, int(rank[i]), i))
    rows.sort()
    return [(i, d) for d, _, i in rows[:k]]


def same(got, want):
    assert [i for i, _ in got] == [i for i, _ in want]
    for (_, a), (_, b) in zip(got, want):
        assert a == pytest.approx(b, abs=1e-6)


INDEXES = {seed: make_index(seed) for seed in (1, 2)}


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from([1, 2]),
    qlat=st.floats(29.8, 30.2) | st.just(30.0),
    qlng=st.floats(119.8, 120.2),
    k=st.integers(1, 12),
    bits=st.sets(st.integers(0, N_BITS - 1), max_size=3),
    area=st.none() | st.integers(0, 3),
    odd_only=st.booleans(),
    max_m=st.none() | st.floats(100, 20_000),
    on_station=st.integers(0, 399) | st.none(),
)
def test_nearest_equals_brute_force(seed, qlat, qlng, k, bits, area, odd_only, max_m, on_station):
    index, lat, lng, masks, rank, areas = INDEXES[seed]
    if on_station is not None:                       # exactly on a (maybe duplicated) station
        qlat, qlng = float(lat[on_station]), float(lng[on_station])
    mask = sum(1 << b for b in bits)
    members = group(areas)[area] if area is not None else None
    pred = (lambda i: i % 2 == 1) if odd_only else None
    got = index.nearest(qlat, qlng, k, mask, members, pred, max_m)
    same(got, brute(lat, lng, masks, rank, qlat, qlng, k, mask, members, pred, max_m))


def test_fast_path_and_general_path_agree_on_ties():
    lat = np.array([30.0, 30.0, 30.0, 30.001, 30.002])
    lng = np.array([120.0, 120.0, 120.0, 120.0, 120.0])
    rank = np.array([2, 0, 1, 3, 4])
    index = GeoIndex(lat, lng, np.ones(5, dtype=np.uint64), rank)
    for _ in range(2):                               # first call builds the tree, second is "fast"
        got = index.nearest(30.0, 120.0, 2, 1)
        assert [i for i, _ in got] == [1, 2]         # three at distance 0: lowest ranks win
        assert [d for _, d in got] == [0.0, 0.0]


def test_rarest_code_tree_and_missing_codes():
    index, lat, lng, masks, rank, _ = INDEXES[1]
    assert index.nearest(30.0, 120.0, 5, 1 << 5) == []           # a code no station has
    assert index.nearest(30.0, 120.0, 5, 1 << 40) == []          # a bit never used
    same(index.nearest(30.0, 120.0, 3, (1 << 4) | (1 << 0)),
         brute(lat, lng, masks, rank, 30.0, 120.0, 3, (1 << 4) | 1))


def test_rare_predicate_falls_back_to_brute_force():
    index, lat, lng, masks, rank, _ = INDEXES[2]
    pred = (lambda i: i in (7, 350))                 # far down the distance order
    same(index.nearest(35.0, 120.0, 2, 0, None, pred), brute(lat, lng, masks, rank, 35.0, 120.0, 2, 0, pred=pred))


def test_in_area_by_rank_with_codes_and_predicate():
    index, lat, lng, masks, rank, areas = INDEXES[1]
    members = group(areas)[2]
    got = index.in_area(members, 1 << 1, lambda i: i % 3 == 0)
    want = sorted((i for i in members.tolist() if int(masks[i]) & 2 and i % 3 == 0), key=lambda i: rank[i])
    assert got == want
    assert len(index.in_area()) == len(lat)


def test_empty_and_degenerate_inputs():
    empty = GeoIndex(np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
    assert empty.nearest(30.0, 120.0, 5) == []
    assert empty.in_area() == []
    one = GeoIndex(np.array([30.0]), np.array([120.0]), np.array([1], dtype=np.uint64), np.array([0]))
    assert [i for i, _ in one.nearest(31.0, 121.0, 5)] == [0]
    assert one.nearest(31.0, 121.0, 0) == []
    assert one.nearest(31.0, 121.0, 3, max_distance_m=10) == []
