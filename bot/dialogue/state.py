"""One rider's conversation state, kept in the Store between messages.

Two keys per user (names from bot.store.keys.Keys):
  session  — pending question, last list shown, the station in focus; TTL renewed each message;
  location — the last pin or typed place resolved to a point; reused for config.location_ttl.

Plain JSON, so a maintainer can read it with redis-cli. A store that fails (Redis down) gives
an empty state and the turn is answered statelessly.

A turn is `with state.open(user) as us:` — the rider's lock taken and both keys read in one
store call, the new state written and the lock released in another (see Store.locked). A
message WeChat may retry (`Once`) is claimed in the first of those calls and its reply stored
in the second, so processing it exactly once costs no round trip of its own.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Iterator

from bot.messages import Reply
from bot.store import Store, StoreError
from bot.store.base import Held
from bot.store.keys import Keys

log = logging.getLogger(__name__)

PENDING_MAX_AGE = 10 * 60   # an unanswered question older than this is stale: don't revive it
LIST_MAX = 9                # ids kept for "更多" (3 pages of 3)
SEEN_MAX = 4                # stations kept for 刚问的那几个里最小的那个


@dataclass
class Session:
    pending: dict[str, Any] | None = None     # {intent, slots, text, at}: waiting for a location
    ids: list[str] = field(default_factory=list)  # last list of stations, nearest first
    shown: int = 0                            # how many of `ids` were shown so far
    focus: str | None = None                  # the station "它/这个驿站" refers to
    before: str | None = None                 # the one in focus before it ("这两个": those two)
    seen: list[str] = field(default_factory=list)  # stations answered about one at a time, latest last
    list_note: str = ""                       # what the list was about (for "更多" headers)
    codes: list[str] = field(default_factory=list)  # the needs of the last list
    area: dict[str, Any] | None = None        # typed city/district: {city, district, at}
    # the previous question as answered: {intent, slots, stations, at} — replayed by ellipsis
    # (那厕所呢 / 啥时候有 / 冬天呢) with the one slot the rider changed
    last: dict[str, Any] | None = None

    @classmethod
    def from_json(cls, data: Any) -> "Session":
        if not isinstance(data, dict):
            return cls()
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        try:
            return cls(**known)
        except TypeError:
            return cls()

    def to_json(self) -> dict[str, Any]:
        # shallow: the fields are JSON-ready values (dataclasses.asdict deep-copies them, and
        # that copy was a tenth of a message's cost)
        return {f.name: getattr(self, f.name) for f in _SESSION_FIELDS}

    def last_question(self, now: float) -> dict[str, Any] | None:
        q = self.last
        if not isinstance(q, dict) or not isinstance(q.get("slots"), dict) \
                or now - float(q.get("at", 0)) > PENDING_MAX_AGE:
            return None
        return q

    def pending_question(self, now: float) -> dict[str, Any] | None:
        p = self.pending
        if not p or now - float(p.get("at", 0)) > PENDING_MAX_AGE:
            return None
        return p


@dataclass
class Location:
    lat: float
    lng: float
    at: float
    source: str = "pin"        # pin | typed | event
    label: str = ""
    approximate: bool = False  # a typed place resolved to a landmark / district centre

    @classmethod
    def from_json(cls, data: Any) -> "Location | None":
        try:
            return cls(lat=float(data["lat"]), lng=float(data["lng"]), at=float(data.get("at", 0)),
                       source=str(data.get("source", "pin")), label=str(data.get("label", "")),
                       approximate=bool(data.get("approximate", False)))
        except (TypeError, KeyError, ValueError):
            return None

    def to_json(self) -> dict[str, Any]:
        return {"lat": self.lat, "lng": self.lng, "at": self.at, "source": self.source,
                "label": self.label, "approximate": self.approximate}


_SESSION_FIELDS = fields(Session)


@dataclass
class Once:
    """A message to process once although it may arrive again (WeChat retries it after 5 s).

    The channel makes it; `StateStore.open` claims `key` together with the rider's lock and
    stores `encode(reply)` there together with their state. Afterwards `prior` is set when
    another try had already claimed the message (what that try left: CLAIM_MARK while it
    runs) — this turn then did nothing — and `saved` tells whether the reply was stored.
    """
    key: str                                  # Keys.dedupe(user, message key)
    ttl: float                                # how long the reply is kept for retries
    encode: Callable[[Reply], str]            # the reply as the channel will replay it
    prior: str | None = None
    saved: bool = False

    @property
    def duplicate(self) -> bool:
        return self.prior is not None


class UserState:
    """One turn's view of a rider's state: what was loaded, and the writes to make.

    `stateful` is False when the lock or the store was unavailable: the turn is answered from
    an empty state and nothing it changes is kept.
    """

    def __init__(self, state: "StateStore", user: str, held: Held, once: Once | None = None):
        self._state, self._user, self._held, self._once = state, user, held, once
        self.stateful = held.acquired
        self.duplicate = held.prior is not None    # another try has this message: do nothing
        self.reply_queued = False
        self.session = Session.from_json(held.json(0)) if held.acquired else Session()
        self.location = Location.from_json(held.json(1)) if held.acquired else None

    def save_session(self, session: Session) -> None:
        self._held.set_json(self._state.keys.session(self._user), session.to_json(), self._state.session_ttl)

    def save_location(self, loc: Location) -> None:
        self._held.set_json(self._state.keys.location(self._user), loc.to_json(), self._state.location_ttl)

    def forget(self) -> None:
        self._held.delete(self._state.keys.session(self._user))
        self._held.delete(self._state.keys.location(self._user))

    def finish(self, reply: Reply) -> None:
        """Queue the reply for the message's retries (a claimed `Once` only), with the state."""
        once = self._once
        if once is not None and self._held.claim == once.key:
            self._held.set(once.key, once.encode(reply), once.ttl)
            self.reply_queued = True


class StateStore:
    """Reads and writes Session and Location for one user; never raises StoreError."""

    def __init__(self, store: Store, keys: Keys, session_ttl: float, location_ttl: float):
        self.store, self.keys = store, keys
        self.session_ttl, self.location_ttl = session_ttl, location_ttl

    @contextmanager
    def open(self, user: str, lock_ttl: float = 10.0, lock_wait: float = 4.0,
             once: Once | None = None) -> Iterator[UserState]:
        """The rider's lock held for the block, their state loaded; saves land at its end.

        With `once`, the message is claimed in the same store call; when another try has it
        already, the block gets a `duplicate` UserState holding no lock and `once.prior` is set.
        Raises StoreError only from a plain Store whose lock fails (ResilientStore never does);
        the engine then answers statelessly.
        """
        keys = self.keys
        claim = (once.key, once.ttl) if once is not None else None
        with self.store.locked(keys.user_lock(user), (keys.session(user), keys.location(user)),
                               ttl=lock_ttl, wait=lock_wait, claim=claim) as held:
            if once is not None:
                once.prior = held.prior
            us = UserState(self, user, held, once)
            yield us
        if once is not None:
            once.saved = us.reply_queued      # reached only when the writes were sent

    def load(self, user: str) -> tuple[Session, Location | None]:
        try:
            session = Session.from_json(self.store.get_json(self.keys.session(user)))
            location = Location.from_json(self.store.get_json(self.keys.location(user)))
        except StoreError as e:
            log.warning("state unavailable, answering statelessly: %s", e)
            return Session(), None
        return session, location

    def save_session(self, user: str, session: Session) -> None:
        self._write(self.keys.session(user), session.to_json(), self.session_ttl)

    def save_location(self, user: str, loc: Location) -> None:
        self._write(self.keys.location(user), loc.to_json(), self.location_ttl)

    def forget(self, user: str) -> None:
        try:
            self.store.delete(self.keys.session(user), self.keys.location(user))
        except StoreError as e:
            log.warning("could not forget a user's state: %s", e)

    def _write(self, key: str, value: Any, ttl: float) -> None:
        try:
            self.store.set_json(key, value, ttl)
        except StoreError as e:
            log.warning("state not saved: %s", e)

