"""A synthetic national station file, for benchmarks and load tests — never real data.

~190,000 stations exist nationally; the benchmarks need that many with a realistic shape:
dense around city centres (weighted by city size), a sparse rural tail, the hours mix the
press reports (≈7% open 24 h, split shifts, weekday-only, unknown) and facilities at plausible
frequencies (110,000 of 186,000 keep medicine; ~1% have battery swap cabinets; ~6% card doors).

Every station has `synthetic: true` and an id `synth-NNNNNN`, and the file starts with a
comment saying what it is. The body is JSON (which is YAML) so that it is written and read
quickly; it is generated on demand (bench/out/, *.synth.yaml are git-ignored), never committed.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from knowledge.vocabulary import load_vocabulary

# (city, GCJ-02 centre lat, lng, weight ≈ urban population in millions). Centres are rough
# (city-hall level): for a synthetic cloud of points nothing finer matters.
CITIES: tuple[tuple[str, float, float, float], ...] = (
    ("上海市", 31.2304, 121.4737, 24.9), ("北京市", 39.9042, 116.4074, 21.9), ("重庆市", 29.5630, 106.5516, 16.0),
    ("广州市", 23.1291, 113.2644, 18.8), ("深圳市", 22.5431, 114.0579, 17.6), ("成都市", 30.5728, 104.0668, 16.0),
    ("天津市", 39.3434, 117.3616, 13.7), ("武汉市", 30.5928, 114.3055, 12.3), ("西安市", 34.3416, 108.9398, 12.9),
    ("杭州市", 30.2741, 120.1551, 12.2), ("东莞市", 23.0207, 113.7518, 10.5), ("郑州市", 34.7466, 113.6254, 12.6),
    ("南京市", 32.0603, 118.7969, 9.4), ("苏州市", 31.2990, 120.5853, 12.7), ("长沙市", 28.2282, 112.9388, 10.0),
    ("沈阳市", 41.8057, 123.4315, 9.1), ("青岛市", 36.0671, 120.3826, 10.1), ("合肥市", 31.8206, 117.2272, 9.4),
    ("佛山市", 23.0215, 113.1214, 9.5), ("宁波市", 29.8683, 121.5440, 9.4), ("昆明市", 24.8801, 102.8329, 8.5),
    ("济南市", 36.6512, 117.1201, 9.2), ("哈尔滨市", 45.8038, 126.5349, 9.9), ("大连市", 38.9140, 121.6147, 7.5),
    ("福州市", 26.0745, 119.2965, 8.3), ("厦门市", 24.4798, 118.0894, 5.2), ("南宁市", 22.8170, 108.3665, 8.8),
    ("长春市", 43.8171, 125.3235, 9.1), ("石家庄市", 38.0428, 114.5149, 11.2), ("太原市", 37.8706, 112.5489, 5.3),
    ("南昌市", 28.6820, 115.8579, 6.3), ("贵阳市", 26.6470, 106.6302, 6.0), ("无锡市", 31.4912, 120.3119, 7.5),
    ("温州市", 27.9938, 120.6994, 9.6), ("泉州市", 24.8741, 118.6757, 8.8), ("金华市", 29.0790, 119.6474, 7.1),
    ("绍兴市", 30.0303, 120.5802, 5.3), ("台州市", 28.6564, 121.4208, 6.6), ("嘉兴市", 30.7467, 120.7555, 5.4),
    ("湖州市", 30.8943, 120.0868, 3.4), ("常州市", 31.8107, 119.9741, 5.3), ("南通市", 31.9802, 120.8943, 7.7),
    ("徐州市", 34.2044, 117.2858, 9.1), ("烟台市", 37.4638, 121.4479, 7.1), ("潍坊市", 36.7069, 119.1619, 9.4),
    ("临沂市", 35.1041, 118.3564, 11.0), ("洛阳市", 34.6197, 112.4540, 7.1), ("兰州市", 36.0611, 103.8343, 4.4),
    ("乌鲁木齐市", 43.8256, 87.6168, 4.1), ("呼和浩特市", 40.8424, 111.7492, 3.4), ("银川市", 38.4872, 106.2309, 2.9),
    ("西宁市", 36.6171, 101.7782, 2.5), ("拉萨市", 29.6500, 91.1000, 0.9), ("海口市", 20.0440, 110.1999, 2.9),
    ("三亚市", 18.2528, 109.5119, 1.0), ("珠海市", 22.2707, 113.5767, 2.4), ("惠州市", 23.1115, 114.4152, 6.0),
    ("中山市", 22.5176, 113.3926, 4.4), ("扬州市", 32.3942, 119.4129, 4.6), ("芜湖市", 31.3526, 118.4331, 3.6),
    ("赣州市", 25.8311, 114.9335, 9.0), ("桂林市", 25.2736, 110.2900, 4.9), ("遵义市", 27.7254, 106.9272, 6.6),
)
DISTRICT_SUFFIXES = ("中心城区", "城东区", "城西区", "城南区", "城北区", "新区", "高新区", "经开区")
ROADS = ("人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "文化路", "胜利路", "长江路", "黄河路",
         "青年路", "友谊路", "光明路", "朝阳路", "滨江路", "体育路", "学院路", "工业路", "幸福路")
KINDS = ("工会驿站", "户外劳动者服务站", "爱心驿站", "暖心驿站", "职工驿家")

# Share of stations that have each code; codes not listed get DEFAULT_FREQUENCY.
FREQUENCY = {
    "drinking_water": 0.95, "rest": 0.92, "charging": 0.85, "microwave": 0.70, "air_conditioning": 0.65,
    "toilet": 0.62, "tables_chairs": 0.60, "medicine_kit": 0.59, "wifi": 0.55, "umbrella": 0.40,
    "reading_glasses": 0.30, "parking": 0.30, "simple_tools": 0.30, "fridge": 0.25, "library": 0.20,
    "washroom": 0.15, "tv": 0.15, "blood_pressure": 0.15, "card_access": 0.063, "nursing_room": 0.06,
    "shower": 0.05, "hand_warmer": 0.05, "tea_bar": 0.05, "canteen": 0.04, "aed": 0.03, "staff_shop": 0.02,
    "eye_care_tea": 0.02, "battery_swap": 0.011, "pharmacy_24h": 0.005,
    "join_union": 0.50, "warmth_coolness": 0.40, "rights_support": 0.30, "policy_publicity": 0.30,
    "volunteer": 0.20, "legal_aid": 0.15, "summer_tea": 0.10, "winter_porridge": 0.05, "festival_food": 0.05,
    "haircut": 0.05, "health_check": 0.05, "counselling": 0.05, "low_cost_meals": 0.03,
    "appliance_repair": 0.02, "free_breakfast": 0.02, "eye_check": 0.01,
}
DEFAULT_FREQUENCY = 0.05
# (hours spec, share): 12,100 of 186,100 stations are open 24 h (press figures).
HOURS_MIX = (
    ("24h", 0.07), ("daily 08:30-17:00", 0.16), ("daily 08:00-18:00", 0.12), ("daily 09:00-21:00", 0.08),
    ("daily 07:00-19:00", 0.06), ("daily 08:30-12:00,14:30-18:00", 0.08), ("mon-fri 08:30-12:00,14:00-17:30", 0.04),
    ("mon-fri 08:30-17:30", 0.09), ("mon-sat 08:00-18:00", 0.05), ("daily 08:00-20:00; closed: sun", 0.03),
    ("unknown", 0.22),
)
RURAL_SHARE = 0.12
LAT_BOUNDS, LNG_BOUNDS = (18.2, 53.3), (73.6, 134.7)   # inside the loader's "in China" box


def synth_arrays(count: int, seed: int) -> dict[str, np.ndarray]:
    """The random draws, as arrays (fast): city index, lat, lng, hours index, code matrix."""
    rng = np.random.default_rng(seed)
    weights = np.array([c[3] for c in CITIES])
    city = rng.choice(len(CITIES), size=count, p=weights / weights.sum())
    centre = np.array([(c[1], c[2]) for c in CITIES])[city]
    # core + suburbs: bigger cities spread wider (σ in degrees; 0.01° ≈ 1.1 km)
    scale = 0.035 + 0.012 * np.sqrt(weights[city])
    sigma = np.where(rng.random(count) < 0.6, scale, scale * 2.5)
    rural = rng.random(count) < RURAL_SHARE
    sigma = np.where(rural, 1.2, sigma)
    lat = centre[:, 0] + rng.normal(0.0, 1.0, count) * sigma
    lng = centre[:, 1] + rng.normal(0.0, 1.0, count) * sigma / np.cos(np.radians(centre[:, 0]))
    lat = np.clip(lat, *LAT_BOUNDS).round(6)
    lng = np.clip(lng, *LNG_BOUNDS).round(6)
    shares = np.array([h[1] for h in HOURS_MIX])
    hours = rng.choice(len(HOURS_MIX), size=count, p=shares / shares.sum())
    vocab = load_vocabulary()
    codes = [t.code for t in vocab]
    freq = np.array([FREQUENCY.get(c, DEFAULT_FREQUENCY) for c in codes])
    has = rng.random((count, len(codes))) < freq
    district = np.where(rural, len(DISTRICT_SUFFIXES),  # the rural tail: the city's 县 (county)
                        rng.integers(0, len(DISTRICT_SUFFIXES), count))
    road = rng.integers(0, len(ROADS), count)
    number = rng.integers(1, 999, count)
    kind = rng.integers(0, len(KINDS), count)
    return dict(city=city, lat=lat, lng=lng, hours=hours, has=has, district=district, road=road,
                number=number, kind=kind, rural=rural, codes=np.array(codes, dtype=object))


def write_synthetic(path: str | Path, count: int, seed: int = 1) -> Path:
    """Write `count` synthetic stations to `path` (deterministic for a seed); returns the path."""
    if count < 1:
        raise ValueError("count must be at least 1")
    a = synth_arrays(count, seed)
    vocab = load_vocabulary()
    facility = np.array([vocab.kind(c) == "facility" for c in a["codes"]])
    codes = a["codes"].tolist()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    width = max(6, len(str(count)))
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"# SYNTHETIC station data — {count} invented stations (seed {seed}), NOT real stations.\n"
                "# Written by `run_bot.py kb synth` (knowledge/synth.py) for benchmarks and load tests.\n"
                "# Never commit it, never serve it to riders. The body is JSON, which is valid YAML.\n")
        f.write('{"version":1,"stations":[\n')
        cols = (a["city"].tolist(), a["district"].tolist(), a["lat"].tolist(), a["lng"].tolist(),
                a["hours"].tolist(), a["road"].tolist(), a["number"].tolist(), a["kind"].tolist())
        for n, (ci, di, lat, lng, hi, ri, no, ki) in enumerate(zip(*cols)):
            city = CITIES[ci][0]
            short_city = city[:-1] if city.endswith("市") else city
            district = short_city + ("县" if di == len(DISTRICT_SUFFIXES) else DISTRICT_SUFFIXES[di])
            road = ROADS[ri]
            row = a["has"][n]
            fac = [c for c, h, isf in zip(codes, row, facility) if h and isf]
            srv = [c for c, h, isf in zip(codes, row, facility) if h and not isf]
            station = {
                "id": f"synth-{n + 1:0{width}d}",
                "name": f"{short_city}{district[len(short_city):]}{road}{no}号{KINDS[ki]}",
                "short_name": f"{road}{no}号驿站",
                "city": city, "district": district, "address": f"{city}{district}{road}{no}号",
                "lat": lat, "lng": lng, "hours": HOURS_MIX[hi][0],
                "facilities": fac, "services": srv, "synthetic": True,
            }
            f.write(dumps(station))
            f.write(",\n" if n + 1 < count else "\n")
        f.write("]}\n")
    tmp.replace(path)
    return path


def _self_check() -> None:  # pragma: no cover - a quick look: python -m knowledge.synth
    import sys
    import time
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/synth.yaml")
    t = time.perf_counter()
    write_synthetic(out, int(sys.argv[2]) if len(sys.argv) > 2 else 190_000, 1)
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":  # pragma: no cover
    _self_check()
