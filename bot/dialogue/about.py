"""Answers to questions about the bot itself and its data (intents.help.about names the kind).

Every sentence here says only what the code does — read from the configuration and the
knowledge base in force, never a promise:
- a pin or typed place is kept for config.location_ttl (then it expires), the conversation for
  config.session_ttl (bot/dialogue/state.py);
- logs name a rider only by a hash of the openid and keep no message text or position unless
  the operator sets YZ_LOG_RAW=1 (bot/logs.py, config.log_raw); usage statistics keep no user id
  (bot/ops/stats.py); a typed place is looked up with Amap only when AMAP_KEY is set;
- station facts come from knowledge/stations.yaml, kept by the union's staff; each station's
  `source` says where its facts come from (the seed stations: one published article); a changed
  file is picked up while the bot runs (knowledge/source.py) — no fixed schedule, not live;
- problem reports (report_problem) are kept for the union's staff (bot/ops/reports.py);
- there is no human hand-off and no fee.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Engine

KINDS = ("who", "privacy", "source", "accuracy", "updates", "feedback", "contact", "share", "cost", "coverage")

# How to report wrong data: the report_problem path, by example.
REPORT_HOW = "发现驿站信息不对，直接发给我就行，比如“丁家桥锁门了”“南苑位置不对”“东宁路饮水机坏了”，我会记下来转给工会工作人员。"
# The seed stations' `source` (knowledge/stations.yaml) and what it is.
SEED_PREFIX = "seed/"
SEED_WHAT = "一篇公开发表的报道（全国总工会2023年“最美驿站”名单里浙江驿站的介绍）"
_FEW = 50      # above this many stations, their sources are not read one by one


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes}分钟" if minutes < 120 else f"{minutes // 60}小时"


def _source_line(e: "Engine") -> str:
    kb = e.kb
    stations = kb.stations
    if len(stations) <= _FEW:
        sources = {str(s.source or "") for s in stations}
        if sources and all(src.startswith(SEED_PREFIX) for src in sources):
            return f"目前收录的{len(stations)}个驿站，资料都来自{SEED_WHAT}，由工会工作人员整理成驿站资料。"
    return "驿站资料由工会工作人员整理维护，每个驿站都记着资料出处。"


def text(e: "Engine", kind: str) -> str:
    """The answer for one kind of question about the bot (KINDS)."""
    config = e.config
    if kind == "who":
        return ("我是驿站助手，一个自动回复的查询程序，不是真人，也不能转人工客服。"
                "什么时候发消息我都会自动回复。驿站资料由工会工作人员整理。\n"
                "您可以发位置，或者直接问，比如“附近哪里能热饭”“红日亭几点开门”。")
    if kind == "privacy":
        lines = [f"您发的位置只用来找附近的驿站，保留{_minutes(config.location_ttl)}方便您接着问，之后自动失效；"
                 f"对话进度（上一个问题、看过的驿站）在您最后一条消息{_minutes(config.session_ttl)}后失效，"
                 "取消关注时两样都马上删掉。"]
        if config.log_raw:
            lines.append("目前的设置会在日志里记下消息原文，供维护排查用。")
        else:
            lines.append("日志里不直接记您的微信号（只记换算过的编号），也不记您发的文字和位置。")
        if config.amap_key:
            lines.append("您打字说的地点，会拿去高德地图查出坐标。")
        lines.append("您反映的驿站问题会连同文字转给工会工作人员。")
        return "\n".join(lines)
    if kind == "source":
        return _source_line(e) + "\n" + REPORT_HOW
    if kind == "accuracy":
        return ("驿站信息是工会工作人员整理的资料，不是实时的，不一定都是最新的：资料没写的开放时间我会说“未标注”，"
                "标着“大致位置”的到附近请再确认，一切以驿站现场为准。\n" + REPORT_HOW)
    if kind == "updates":
        return ("驿站资料没有固定的更新时间，也不是实时的：工会工作人员改了资料，我这边会自动用上新的。\n"
                + REPORT_HOW)
    if kind == "feedback":
        return REPORT_HOW
    if kind == "contact":
        return ("我这里没有工会的联系电话，也不能转人工。驿站的问题（锁门、设备坏了、位置不对）直接发给我，"
                "我会记下来转给工会工作人员；想入会，可以问我“怎么入会”。")
    if kind == "share":
        return ("可以，欢迎推荐给工友。把这个公众号推荐给他们（公众号主页右上角“…”→“推荐给朋友”），"
                "关注后发位置或直接问就能用，不收费。")
    if kind == "coverage":     # 你能查全国的驿站吗: only the cities the data holds, named
        cities = [c.removesuffix("市") for c in e.kb.cities()]
        shown = "、".join(cities[:12]) + ("等" if len(cities) > 12 else "")
        return (f"我只能查资料里收录的驿站，目前有{len(cities)}个城市：{shown}。别的地方暂时查不到。\n"
                "在这些城市，发位置或直接问就行，比如“附近哪里能热饭”。")
    if kind == "cost":
        return "不收费，用我查驿站是免费的。驿站里某项服务收不收费，可以直接问，比如“南苑吃饭要钱吗”。"
    return ""
