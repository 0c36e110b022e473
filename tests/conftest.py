"""Shared fixtures: both store implementations, a real Redis when one answers."""
from __future__ import annotations

import os
import uuid

import pytest

from bot.store import MemoryStore

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip():
    from bot.store.redis_store import RedisStore
    store = RedisStore(TEST_REDIS_URL)
    if not store.ping():
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide Redis at {TEST_REDIS_URL} (.ci/run starts one)")
        pytest.skip(f"no Redis at {TEST_REDIS_URL}")
    return store


@pytest.fixture
def redis_store():
    return _redis_or_skip()


@pytest.fixture(params=["memory", "redis"])
def any_store(request):
    """Run a test against the embedded store and a real Redis."""
    if request.param == "memory":
        return MemoryStore()
    return _redis_or_skip()


@pytest.fixture
def key_prefix():
    """A unique key prefix per test so tests sharing one Redis never see each other's keys."""
    return f"yztest{uuid.uuid4().hex[:8]}"
