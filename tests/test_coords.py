"""knowledge.coords: the GCJ-02 / BD-09 / WGS-84 conversions and the project's distance."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import coords

# Reference points published with eviltransform (wgs lat, lng → gcj lat, lng).
EVILTRANSFORM = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),    # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),   # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),   # Beijing
]

china_lat = st.floats(min_value=18.0, max_value=53.0)
china_lng = st.floats(min_value=74.0, max_value=134.0)


@pytest.mark.parametrize("wlat,wlng,glat,glng", EVILTRANSFORM)
def test_wgs84_to_gcj02_matches_reference_points(wlat, wlng, glat, glng):
    lat, lng = coords.wgs84_to_gcj02(wlat, wlng)
    assert coords.haversine_m(lat, lng, glat, glng) < 0.01


@pytest.mark.parametrize("wlat,wlng,glat,glng", EVILTRANSFORM)
def test_gcj02_to_wgs84_inverts_reference_points(wlat, wlng, glat, glng):
    lat, lng = coords.gcj02_to_wgs84(glat, glng)
    assert coords.haversine_m(lat, lng, wlat, wlng) < 0.01


@settings(max_examples=300, deadline=None)
@given(china_lat, china_lng)
def test_round_trips_within_a_centimetre(lat, lng):
    assert coords.haversine_m(*coords.gcj02_to_wgs84(*coords.wgs84_to_gcj02(lat, lng)), lat, lng) < 0.01
    assert coords.haversine_m(*coords.bd09_to_gcj02(*coords.gcj02_to_bd09(lat, lng)), lat, lng) < 0.5


@settings(max_examples=200, deadline=None)
@given(china_lat, china_lng)
def test_offsets_have_the_documented_size(lat, lng):
    # GCJ-02 is within ~1 km of WGS-84 everywhere in China (tens of metres in the far west,
    # 300-600 m in the eastern cities); BD-09 ~ 0.6-1.2 km from GCJ-02
    assert 1 < coords.haversine_m(*coords.wgs84_to_gcj02(lat, lng), lat, lng) < 1000
    assert 500 < coords.haversine_m(*coords.gcj02_to_bd09(lat, lng), lat, lng) < 1300


@pytest.mark.parametrize("lat,lng", [(30.27, 120.15), (31.23, 121.47), (39.90, 116.40), (23.13, 113.26)])
def test_offset_in_eastern_cities(lat, lng):
    assert 300 < coords.haversine_m(*coords.wgs84_to_gcj02(lat, lng), lat, lng) < 700


def test_outside_china_is_left_alone():
    assert coords.out_of_china(51.5, -0.12)
    assert coords.wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)
    assert coords.gcj02_to_wgs84(51.5, -0.12) == (51.5, -0.12)
    assert not coords.out_of_china(30.27, 120.15)


def test_to_gcj02_by_system_name():
    lat, lng = 30.27, 120.15
    assert coords.to_gcj02(lat, lng, "GCJ-02") == (lat, lng)
    assert coords.to_gcj02(lat, lng, "gps") == coords.wgs84_to_gcj02(lat, lng)
    assert coords.to_gcj02(lat, lng, "baidu") == coords.bd09_to_gcj02(lat, lng)
    with pytest.raises(ValueError, match="unknown coordinate system"):
        coords.to_gcj02(lat, lng, "utm")


def test_haversine_known_distances():
    one_degree = math.pi / 180 * coords.EARTH_RADIUS_M
    assert coords.haversine_m(30.0, 120.0, 31.0, 120.0) == pytest.approx(one_degree, rel=1e-12)
    assert coords.haversine_m(0.0, 0.0, 0.0, 1.0) == pytest.approx(one_degree, rel=1e-12)
    assert coords.haversine_m(30.0, 120.0, 30.0, 120.0) == 0.0
    # Hangzhou West Lake to Shanghai People's Square ≈ 165 km
    assert 160_000 < coords.haversine_m(30.2590, 120.1500, 31.2304, 121.4737) < 170_000


def test_vectorised_variants_agree_with_scalar():
    rng = np.random.default_rng(3)
    lat = rng.uniform(18, 53, 500)
    lng = rng.uniform(74, 134, 500)
    vlat, vlng = coords.wgs84_to_gcj02_np(lat, lng)
    blat, blng = coords.bd09_to_gcj02_np(lat, lng)
    d = coords.haversine_m_np(30.0, 120.0, lat, lng)
    for i in range(0, 500, 7):
        assert (vlat[i], vlng[i]) == pytest.approx(coords.wgs84_to_gcj02(lat[i], lng[i]), abs=1e-12)
        assert (blat[i], blng[i]) == pytest.approx(coords.bd09_to_gcj02(lat[i], lng[i]), abs=1e-12)
        assert d[i] == pytest.approx(coords.haversine_m(30.0, 120.0, lat[i], lng[i]), abs=1e-6)
    outside = coords.wgs84_to_gcj02_np(np.array([51.5]), np.array([-0.12]))
    assert (outside[0][0], outside[1][0]) == (51.5, -0.12)
