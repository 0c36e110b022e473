"""The station model: plain, frozen, picklable records.

Kept compact (slots, shared Hours objects and interned strings from the loader) because a
national knowledge base holds ~190,000 of them in every process.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.hours import UNKNOWN, Hours

_SHARED_CODES: dict[frozenset[str], frozenset[str]] = {}


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    """A recurring or occasional activity, with its schedule exactly as the source words it."""
    name: str                     # 爱心义剪
    schedule: str                 # 每月两次 / 不定期 / 夏季 / 端午节 / 常态化 — never an invented date
    service: str | None = None    # vocabulary service code it delivers, e.g. haircut
    per_month: int | None = None  # 2 for 每月两次; None when the source gives no count
    season: str | None = None     # 夏 / 冬 / 端午节 / 冬至 … for seasonal ones
    irregular: bool = False       # 不定期: happens, but on no stated schedule
    quote: str | None = None      # the source sentence, so an answer can cite it


@dataclass(frozen=True, slots=True, kw_only=True)
class Station:
    id: str
    name: str                         # full official name
    short_name: str                   # what riders say: 红日亭, 丁家桥
    city: str                         # 杭州市
    lat: float                        # GCJ-02
    lng: float
    aliases: tuple[str, ...] = ()
    district: str | None = None       # 鹿城区
    address: str | None = None
    landmark: str | None = None       # 华盖山脚下
    coord_precision_m: int | None = None  # None: exact; 2000: placed within ~2 km
    area_m2: float | None = None
    area_text: str | None = None      # 近200平方米, as the source words it
    opened: str | None = None         # 2022-05
    hours: Hours = UNKNOWN
    facilities: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    activities: tuple[Activity, ...] = ()
    staff: int | None = None
    medical_staff: int | None = None
    serves: tuple[str, ...] = ()      # who it serves: 环卫工人, 快递员 …
    highlight: str | None = None      # 推荐理由
    notes: tuple[str, ...] = ()       # facts worth telling that have no code
    source: str | None = None         # where the facts come from
    synthetic: bool = False           # generated for benchmarks; never shown as a real station
    _codes: frozenset[str] = field(init=False, default=frozenset(), repr=False, compare=False)

    def __post_init__(self) -> None:
        # facilities | services is asked for on every filtered search: compute it once, and
        # share equal sets between stations (190,000 stations have few distinct offers)
        codes = self.facilities | self.services
        object.__setattr__(self, "_codes", _SHARED_CODES.setdefault(codes, codes))

    @property
    def approximate(self) -> bool:
        """The coordinates are a placement near a landmark, not a surveyed point."""
        return self.coord_precision_m is not None

    @property
    def codes(self) -> frozenset[str]:
        return self._codes

    def offers(self, code: str) -> bool:
        return code in self._codes

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a rider may use for it, full name first."""
        return (self.name, self.short_name, *self.aliases)
