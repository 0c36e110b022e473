"""Every storage key name, in one place.

Readable names under one prefix. All of one user's keys share a Redis Cluster hash tag
`{u:<hash>}` so a multi-key operation on one user stays on one shard. Users appear only as a
salted hash: neither Redis nor the logs hold a raw openid.
"""
from __future__ import annotations

import hashlib
import os

_SALT = os.environ.get("YZ_HASH_SALT", "yizhan-assistant").encode()


def user_hash(user: str) -> str:
    """Stable, salted, short hash of a user id: what logs, keys and reports hold."""
    return hashlib.sha256(_SALT + user.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Keys:
    def __init__(self, prefix: str = "yz"):
        self.p = prefix

    # one user's state
    def location(self, user: str) -> str:
        return f"{self.p}:{{u:{user_hash(user)}}}:loc"

    def session(self, user: str) -> str:
        return f"{self.p}:{{u:{user_hash(user)}}}:session"

    def user_lock(self, user: str) -> str:
        return f"{self.p}:{{u:{user_hash(user)}}}:lock"

    # WeChat retries: the first try claims the message, the reply is kept for the retries. Under
    # the sender's tag, so the claim goes in the same Lua call as their lock and state.
    def dedupe(self, user: str, msg_key: str) -> str:
        digest = hashlib.sha1(msg_key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        return f"{self.p}:{{u:{user_hash(user)}}}:msg:{digest}"

    # shared across processes
    def access_token(self, app_id: str) -> str:
        return f"{self.p}:wx:{{token:{app_id}}}"

    def access_token_lock(self, app_id: str) -> str:
        return f"{self.p}:wx:{{token:{app_id}}}:lock"

    def geocode(self, query_hash: str) -> str:
        return f"{self.p}:geo:{query_hash}"

    def reports(self) -> str:
        return f"{self.p}:reports"

    def usage(self) -> str:
        return f"{self.p}:usage"

    def kb_version(self) -> str:
        return f"{self.p}:kb:version"
