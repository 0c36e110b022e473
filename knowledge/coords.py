"""Coordinate systems used in China, and great-circle distance.

WeChat pins, Amap and Tencent use GCJ-02; Baidu uses BD-09; GPS devices give WGS-84. The
knowledge base stores GCJ-02 only, so imported coordinates are converted here first: the
systems differ by ~300–900 m, more than the distance between two stations in a city.

The GCJ-02 and BD-09 formulas are the public ones, as written by the eviltransform
(github.com/googollee/eviltransform) and pygcj projects; this is our own transcription.
GCJ-02 has no closed-form inverse, so gcj02_to_wgs84 iterates (round trip ≈ 1 mm).
"""
from __future__ import annotations

import math

import numpy as np

# Krasovsky 1940 ellipsoid, as in the original GCJ-02 algorithm.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0
EARTH_RADIUS_M = 6371008.8  # mean Earth radius (IUGG): the sphere every distance here uses


def out_of_china(lat: float, lng: float) -> bool:
    """True outside the rough bounding box where GCJ-02 applies (its definition, not a border)."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform(x, y, sin, sqrt, absolute):
    """The GCJ-02 offset polynomial; x = lng - 105, y = lat - 35 (scalar or numpy)."""
    pi = math.pi
    common = (20.0 * sin(6.0 * x * pi) + 20.0 * sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(absolute(x)) + common
            + (20.0 * sin(y * pi) + 40.0 * sin(y / 3.0 * pi)) * 2.0 / 3.0
            + (160.0 * sin(y / 12.0 * pi) + 320.0 * sin(y * pi / 30.0)) * 2.0 / 3.0)
    dlng = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(absolute(x)) + common
            + (20.0 * sin(x * pi) + 40.0 * sin(x / 3.0 * pi)) * 2.0 / 3.0
            + (150.0 * sin(x / 12.0 * pi) + 300.0 * sin(x / 30.0 * pi)) * 2.0 / 3.0)
    return dlat, dlng


def _delta(lat, lng, sin, cos, sqrt, absolute):
    """GCJ-02 minus WGS-84 at a WGS-84 point, in degrees."""
    dlat, dlng = _transform(lng - 105.0, lat - 35.0, sin, sqrt, absolute)
    rad = lat / 180.0 * math.pi
    magic = 1.0 - _EE * sin(rad) ** 2
    sqrt_magic = sqrt(magic)
    dlat = dlat * 180.0 / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = dlng * 180.0 / (_A / sqrt_magic * cos(rad) * math.pi)
    return dlat, dlng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if out_of_china(lat, lng):
        return lat, lng
    dlat, dlng = _delta(lat, lng, math.sin, math.cos, math.sqrt, abs)
    return lat + dlat, lng + dlng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """Inverse of wgs84_to_gcj02 by fixed-point iteration (the offset varies slowly, so it
    converges in a few steps); bounded to 30 steps."""
    if out_of_china(lat, lng):
        return lat, lng
    wlat, wlng = lat, lng
    for _ in range(30):
        glat, glng = wgs84_to_gcj02(wlat, wlng)
        elat, elng = lat - glat, lng - glng
        wlat, wlng = wlat + elat, wlng + elng
        if abs(elat) < 1e-10 and abs(elng) < 1e-10:
            break
    return wlat, wlng


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    z = math.hypot(lng, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def to_gcj02(lat: float, lng: float, system: str) -> tuple[float, float]:
    """Convert from `system` ∈ {"gcj02", "wgs84", "bd09"} (aliases: gaode/amap/tencent, gps, baidu)."""
    s = system.strip().lower().replace("-", "").replace("_", "")
    if s in ("gcj02", "gcj", "gaode", "amap", "tencent", "qq"):
        return lat, lng
    if s in ("wgs84", "wgs", "gps"):
        return wgs84_to_gcj02(lat, lng)
    if s in ("bd09", "bd", "baidu", "bd09ll"):
        return bd09_to_gcj02(lat, lng)
    raise ValueError(f"unknown coordinate system {system!r}: use gcj02, wgs84 or bd09")


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres on the mean-radius sphere.

    This is THE distance of the project: the geo index orders and reports results with
    exactly this function, so a brute-force check can compare bit for bit.
    """
    p1 = math.radians(lat1)
    p2 = math.radians(lat2)
    a = math.sin((p2 - p1) * 0.5) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lng2 - lng1) * 0.5) ** 2
    return 2.0 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


# ---- vectorised variants for import and synthesis (numpy arrays in, arrays out) ----

def wgs84_to_gcj02_np(lat: np.ndarray, lng: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat = np.asarray(lat, dtype=np.float64)
    lng = np.asarray(lng, dtype=np.float64)
    dlat, dlng = _delta(lat, lng, np.sin, np.cos, np.sqrt, np.abs)
    outside = out_of_china_np(lat, lng)
    return np.where(outside, lat, lat + dlat), np.where(outside, lng, lng + dlng)


def bd09_to_gcj02_np(lat: np.ndarray, lng: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(lng, dtype=np.float64) - 0.0065
    y = np.asarray(lat, dtype=np.float64) - 0.006
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.sin(theta), z * np.cos(theta)


def out_of_china_np(lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    return ~((lng >= 72.004) & (lng <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271))


def haversine_m_np(lat1, lng1, lat2: np.ndarray, lng2: np.ndarray) -> np.ndarray:
    """Vectorised haversine_m. May differ from the scalar one in the last bit (SIMD libm),
    so it preselects candidates; haversine_m decides."""
    p1 = np.radians(lat1)
    p2 = np.radians(lat2)
    a = np.sin((p2 - p1) * 0.5) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(np.subtract(lng2, lng1)) * 0.5) ** 2
    return 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(1.0, a)))


def unit_xyz(lat, lng) -> np.ndarray:
    """Points on the unit sphere (n×3): chord length there is monotonic in great-circle
    distance, which is what lets a k-d tree answer nearest-on-Earth queries."""
    p = np.radians(np.asarray(lat, dtype=np.float64))
    q = np.radians(np.asarray(lng, dtype=np.float64))
    c = np.cos(p)
    return np.stack([c * np.cos(q), c * np.sin(q), np.sin(p)], axis=-1)
