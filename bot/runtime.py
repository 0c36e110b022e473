"""Assembles one process's parts from a Config: store, knowledge source, engine and helpers.

The WeChat app, the terminal chat and the tests all get their engine from here, so they
behave the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.config import Config
from bot.store import Store, open_store
from bot.store.keys import Keys


@dataclass
class Runtime:
    config: Config
    store: Store
    keys: Keys
    kb_source: Any          # knowledge.source.KnowledgeSource
    engine: Any             # bot.dialogue.engine.Engine
    reports: Any = None     # bot.ops.reports.ReportLog
    usage: Any = None       # bot.ops.stats.UsageLog
    geocoder: Any = None    # bot.outbound.amap.Geocoder


def build_runtime(config: Config | None = None, store: Store | None = None) -> Runtime:
    config = config or Config.from_env()
    keys = Keys(config.key_prefix)
    if store is None:
        store = open_store(config.redis_url)
        if config.redis_url:   # Redis down must not fail a reply: degrade to answers without memory
            from bot.store.resilient import ResilientStore  # noqa: PLC0415
            store = ResilientStore(store)
    from knowledge.source import KnowledgeSource  # noqa: PLC0415 - heavy, only when assembling
    # store+keys: every process also watches the version key that `kb reload` bumps
    kb_source = KnowledgeSource(config.stations_path, cache_dir=config.cache_dir, store=store, keys=keys)
    from bot.ops.reports import ReportLog  # noqa: PLC0415
    from bot.ops.stats import UsageLog  # noqa: PLC0415
    from bot.outbound.amap import Geocoder  # noqa: PLC0415
    reports = ReportLog(store, keys, config.var_dir)
    usage = UsageLog(store, keys, config.var_dir)
    geocoder = Geocoder(config, store, keys, kb_source)
    # No geocoder.warm() here: serve forks after this, and a thread running at fork time
    # would leave its lock held in the workers. The index is built on first use instead.
    from bot.dialogue.engine import Engine  # noqa: PLC0415
    engine = Engine(kb_source=kb_source, store=store, keys=keys, config=config,
                    reports=reports, usage=usage, geocoder=geocoder)
    return Runtime(config=config, store=store, keys=keys, kb_source=kb_source, engine=engine,
                   reports=reports, usage=usage, geocoder=geocoder)
