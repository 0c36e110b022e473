"""PLACEHOLDER engine (to be replaced by the understanding/dialogue work, issue 4).

Contract: Engine(runtime).handle(Incoming) -> Reply. Never raises.
"""
from __future__ import annotations

from bot.messages import Incoming, Reply


class Engine:
    def __init__(self, kb_source, store, keys, config, reports=None, usage=None, geocoder=None):
        self.kb_source, self.store, self.keys, self.config = kb_source, store, keys, config

    def handle(self, msg: Incoming) -> Reply:
        return Reply(text=f"收到：{msg.text or msg.kind}", intent="placeholder")
