"""The dialogue engine: one Incoming in, one Reply out, never an exception.

Per message: take the rider's lock (so one rider's concurrent messages run one after another),
load their state, understand, answer, save. If the lock or the store is unavailable the
message is still answered, just without memory.
"""
from __future__ import annotations

import logging
import math
import threading
from contextlib import ExitStack
from typing import Any

from bot.messages import EVENT, LOCATION, MEDIA, TEXT, VOICE, Incoming, Reply
from bot.store import StoreError
from bot.store.keys import user_hash
from intents import Understanding, build_lexicon, context, ranking, report_problem, understand
from knowledge.areas import Area, load_areas
from knowledge.vocabulary import load_vocabulary

from . import answers
from .answers import Turn, reply
from .turn import distance_to
from .render import ASK_LOCATION, CLOSED_REPORTS_WARN
from .state import SEEN_MAX, Location, Once, StateStore, UserState

log = logging.getLogger(__name__)

# the needs riders ask for most (the menu's buttons): their search trees are built at start-up
WARM_CODES = ("microwave", "toilet", "drinking_water", "charging", "shower", "rest")
LOCK_TTL, LOCK_WAIT = 10, 4      # a crashed holder frees the lock in 10 s; never wait over 4 s

# Intents a short question about the focus may be mistaken for.
_SEARCHES = ("find_need", "find_station", "give_place", "out_of_scope")
# Questions remembered in Session.last (a greeting or a thanks leaves the last question as it was).
QUESTIONS = ("find_station", "find_need", "open_hours", "station_info", "schedule", "report_problem",
             "follow_up", "join_union")
# The slots of a question worth replaying (a small JSON inside the session key).
LAST_SLOTS = ("codes", "city", "cities", "district", "stations", "open_now", "open_24h", "night", "at_time",
              "report_kind", "attribute", "occasion", "exclude", "compare", "everywhere", "rank", "rank_nth", "among",
              "toured", "within_m", "within_said")
# A typed county/district (义乌, 德清县) whose centre has no station within this is a place the data
# has no station in (昆山, 淳安): said plainly, as for a city outside the data (no_station_in).
COUNTY_NEAR_M = 60_000
PLACE_SLOTS = ("city", "cities", "district", "open_now", "open_24h", "night", "at_time")
LIMIT_SLOTS = ("within_m", "within_said")   # 1公里内: kept by the searches that follow on
# Time constraints of a search (24小时 / 现在开着的 / 晚上 / 凌晨两点): about stations in general.
_TIMED = ("open_24h", "open_now", "night", "at_time")
# answers about one station, which the rider may be touring (Session.seen)
_ABOUT_ONE = ("station_info", "follow_up", "open_hours", "schedule")
# Words that make 谁做的 a question about the bot itself (这个号是谁做的), not about a station.
_THE_BOT = ("你", "号", "程序", "机器", "助手", "小程序")

HANDLERS = {
    "find_station": answers.find,
    "find_need": answers.find,
    "open_hours": answers.open_hours,
    "station_info": answers.station_info,
    "schedule": answers.schedule,
    "report_problem": answers.report_problem,
    "join_union": answers.join_union,
    "follow_up": answers.follow_up,
    "greeting": answers.greeting,
    "thanks": answers.thanks,
    "help": answers.help_,
    "out_of_scope": answers.out_of_scope,
}


class Engine:
    def __init__(self, kb_source, store, keys, config, reports=None, usage=None, geocoder=None):
        self.kb_source, self.store, self.keys, self.config = kb_source, store, keys, config
        self.reports, self.usage, self.geocoder = reports, usage, geocoder
        self._provinces: tuple[Any, tuple[str, ...]] | None = None   # (kb, its provinces' codes)
        self.vocab = load_vocabulary()
        self.state = StateStore(store, keys, config.session_ttl, config.location_ttl)
        self._lex_lock = threading.Lock()
        self._lex_for: Any = None
        self._lex = None

    # --- knowledge ---------------------------------------------------------------------------
    @property
    def kb(self):
        return self.kb_source.kb

    def lexicon(self):
        """The lexicon for the current KB, rebuilt when the KB is reloaded (new station names)."""
        kb = self.kb
        if self._lex_for is not kb:
            with self._lex_lock:
                if self._lex_for is not kb:
                    # the KB itself when it has a name index: a national KB is matched through it
                    names = kb if hasattr(kb, "name_index") else kb.stations
                    self._lex = build_lexicon(names, self.config.cache_dir)
                    self._lex_for = kb
        return self._lex

    def warm_up(self) -> None:
        """Build now what is otherwise built on first use, so that no rider waits for it and a
        server's workers share it (serve calls this before forking): the lexicon and jieba,
        the search trees of all stations and of the commonest needs, the typed-place index.
        (Every code's tree would add ~100 MB per process at 190,000 stations; a rarer code's is
        built on its first question, ~0.1 s.)"""
        kb = self.kb
        lex = self.lexicon()
        if hasattr(kb, "warm"):
            kb.warm(WARM_CODES)
        if self.geocoder is not None:
            self.geocoder.warm()
        if hasattr(kb, "text_search"):
            kb.text_search("驿站")            # maps the KB's text index
        understand("附近哪里能热饭", {"lexicon": lex})

    def closed_warning(self, station_id: str) -> bool:
        if self.reports is None:
            return False
        try:
            return self.reports.recent_count(station_id, "closed", days=7) >= CLOSED_REPORTS_WARN
        except Exception:  # noqa: BLE001 - a warning is a nicety, never a reason to fail
            return False

    # --- entry point -------------------------------------------------------------------------
    def handle(self, msg: Incoming, once: Once | None = None) -> Reply:
        try:
            with ExitStack() as stack:
                try:   # the rider's lock + state (+ the message's claim) in one store call
                    us = stack.enter_context(self.state.open(msg.user, LOCK_TTL, LOCK_WAIT, once))
                except StoreError as e:
                    log.warning("user lock unavailable, answering statelessly: %s", e)
                    us = None
                if us is not None and us.duplicate:
                    return Reply(None, intent="duplicate")   # another try answers; see handle_once
                result = self._handle(msg, us)
                if us is not None:
                    us.finish(result)       # the reply for retries lands with the state
        except Exception:  # noqa: BLE001 - a rider gets an answer, the log gets the trace
            log.exception("engine failed on a %s message from user %s", getattr(msg, "kind", "?"),
                          user_hash(str(getattr(msg, "user", ""))))
            result = reply("抱歉，出了点问题。请稍后再试，或直接发送您的位置。", "error", answered=False)
        self._record_usage(msg, result)
        return result

    def handle_once(self, msg: Incoming, once: Once) -> Reply:
        """`handle` for a message that may arrive again (WeChat retries): it is claimed with the
        rider's lock and its reply stored with their state (bot.dialogue.state.Once). When
        `once.duplicate` afterwards, nothing was done and the reply is another try's."""
        return self.handle(msg, once)

    def _handle(self, msg: Incoming, us: UserState | None) -> Reply:
        stateful = us is not None and us.stateful
        if stateful:
            session, location = us.session, us.location
        else:
            session, location = answers.Session(), None
        t = Turn(msg=msg, session=session, location=location, stateful=stateful)
        if msg.kind == EVENT and msg.event == "unsubscribe":
            if stateful:
                us.forget()
            else:
                self.state.forget(msg.user)
            return reply(None, "unsubscribe", answered=True)
        focus_was = session.focus
        result = self._dispatch(t)
        if "before" in t.extra:
            t.session.before = t.extra["before"]   # 小的那个: the pair stays in view
        elif focus_was and t.session.focus != focus_was:
            t.session.before = focus_was      # 红日亭…, 丁家桥…, then 这两个哪个有义剪
        about = result.meta.get("stations") or []
        if len(about) == 1 and result.intent in _ABOUT_ONE:
            # 南苑多大, 阳山呢, 越东路那个呢, then 最小的那个在哪: the stations toured, ranked
            t.session.seen = [x for x in t.session.seen if x != about[0]][1 - SEEN_MAX:] + [about[0]]
        _remember_question(t, result)
        if stateful:
            if t.new_location is not None:
                us.save_location(t.new_location)
            us.save_session(t.session)
        result.meta.setdefault("place_source", t.place_source)
        return result

    def _dispatch(self, t: Turn) -> Reply:
        msg = t.msg
        if msg.kind == TEXT:
            return self._text(t, msg.text or "")
        if msg.kind == LOCATION:
            return self._pin(t)
        if msg.kind == EVENT:
            return self._event(t)
        if msg.kind == VOICE:
            # the rider may answer with a pin: the reply asks for one
            return reply("没听清您的语音。请打字告诉我需要什么，或者发送您的位置（输入框旁“+” → “位置”）。",
                         "voice", asks_location=True, answered=False)
        if msg.kind == MEDIA:
            return reply("我看不懂图片和视频。\n" + answers.CAN_DO, "media", answered=False)
        return reply(answers.CAN_DO, "help", answered=False)

    # --- text ------------------------------------------------------------------------------
    def _text(self, t: Turn, text: str) -> Reply:
        result = self._text_answer(t, text)
        asked = t.extra.get("asked")
        excluded = (asked.slots.get("exclude") or []) if asked is not None else []
        if asked is not None and result.intent in ("find_need", "find_station") \
                and asked.slots.get("report_kind") and len(excluded) == 1:
            # 丁家桥微波炉坏了 还有别的地方能热饭吗: answered with the search, the report kept too
            line = answers.report_on_the_way(self, t, excluded[0], asked.slots["report_kind"])
            if line and result.text:
                result.text = line + "\n" + result.text
        return result

    def _text_answer(self, t: Turn, text: str) -> Reply:
        lex = self.lexicon()
        u = understand(text, {"lexicon": lex})
        pending = t.session.pending_question(t.at)
        # asked which station, a landmark typed alone (越东路 / 华盖山脚下) names it as well
        named = u.slots.get("stations") or (u.slots.get("landmarks") if u.intent == "give_place" else None)
        if pending and pending.get("intent") == "report_problem" and named \
                and u.intent in ("station_info", "give_place", "find_station", "report_problem"):
            # the station a report was waiting for
            t.extra["report_text"] = pending.get("text", "")
            u = Understanding("report_problem", u.confidence, {**pending.get("slots", {}), "stations": list(named)})
            return answers.report_problem(self, t, u)
        if pending and pending.get("station") and named \
                and u.intent in ("station_info", "give_place", "find_station") \
                and not (u.slots.get("codes") or u.slots.get("attribute")):
            # the station name the bot asked for (您问的是哪个驿站？): the question kept, about it
            q = Understanding(pending["intent"], u.confidence,
                              {**pending.get("slots", {}), "stations": list(named)})
            t.session.pending = None
            t.extra["asked"] = q
            return HANDLERS[q.intent](self, t, q)
        last = t.session.last_question(t.at)
        if last and last.get("intent") == "report_problem" and last.get("stations") \
                and (last.get("slots") or {}).get("report_kind") == "wrong_location" \
                and report_problem.corrects_location(text):
            return answers.report_follow_up(self, t, last["stations"][0])
        u = self._landmark_answer(t, u, text)
        u = self._place_answer(t, u, text)
        u = self._in_context(t, u, text)
        t.extra["asked"] = u
        ranked = self._ranking(t, u, text)
        if ranked is not None:
            t.extra["asked"] = ranked
            return answers.rank(self, t, ranked)
        # (上海的红日亭几点开: a station named with the wrong place is answered, its real city said)
        if u.slots.get("other_city") and not any(u.slots.get(k) for k in ("city", "district", "stations")) \
                and u.intent in ("find_need", "find_station", "open_hours", "give_place", "schedule"):
            return answers.no_station_in(self, t, u)
        county = self.county(u.slots)
        if county is not None and not u.slots.get("stations") \
                and not self.kb.nearest(county.lat, county.lng, k=1, max_distance_m=COUNTY_NEAR_M) \
                and u.intent in ("find_need", "find_station", "open_hours", "give_place", "schedule"):
            # 我在昆山 / 淳安哪里能热饭: a county known, but no station anywhere near it
            return answers.no_station_in(self, t, Understanding(u.intent, u.confidence,
                                                                 {**u.slots, "other_city": county.name}))
        if u.clarify == "low":
            return answers.not_understood(self, t, u)
        if u.clarify == "ambiguous":
            return answers.ambiguous(self, t, u)
        if u.intent == "give_place":
            return self._place(t, u, text)
        if (u.slots.get("place") or county is not None) and not (u.slots.get("city") or u.slots.get("district")) \
                and u.intent in ("find_station", "find_need", "open_hours"):
            # "我在东宁路，哪能热饭": resolve the place, then answer the question itself
            area = self._resolve_place(t, u.slots, text)
            if area:
                _remember_area(t, area)
                return HANDLERS[u.intent](self, t, u)
        return HANDLERS[u.intent](self, t, u)

    # --- context: the station in focus, elliptical follow-ups ----------------------------------------
    def _in_context(self, t: Turn, u: Understanding, text: str) -> Understanding:
        """Read a short question against the conversation so far:

        * a need, a fact or a where-question without a location cue right after one station was
          talked about is about that station (能洗澡吗 / 有AED吗 / 在医院哪块);
        * 端午节呢 after a station's activities → its schedule for that occasion;
        * 那宁波呢 after a need search → the same need in 宁波.
        With a location cue, a named station or place, or nothing in focus: unchanged."""
        s, slots = t.session, u.slots
        ellipsis = context.ellipsis(text or "")
        u = self._ordinal_left_out(t, u)
        near = self._nearest_to_rider(t, u, text or "", ellipsis)
        if near is not None:
            return near
        pair = self._pair_again(t, u, text or "") or self._one_of_pair(t, u, text or "")
        if pair is not None:
            return pair
        shown = self._asked_of_the_first_shown(t, u, text or "")
        if shown is not None:
            return shown
        changed = self._constraints(t, u, text or "")
        if changed is not None:
            return changed
        last = s.last_question(t.at)
        if last and (last.get("slots") or {}).get("everywhere") and slots.get("codes") and s.ids \
                and not any(slots.get(k) for k in ("stations", "city", "district", "place", "exclude")) \
                and context.asks_which(text or ""):
            # 哪个能洗澡, right after every station with a toilet was listed: which of those
            return Understanding("follow_up", 1.0, {**slots, "pick": True})
        replayed = self._replay(t, u, text or "", ellipsis)
        if replayed is not None:
            return replayed
        if ellipsis and u.intent == "give_place" and s.codes and not t.session.pending_question(t.at) \
                and (slots.get("city") or slots.get("district")) and not slots.get("codes"):
            return Understanding("find_need", 1.0, {**slots, "codes": list(s.codes)})
        focus = self._single_focus(s, t.at)
        if focus is not None and u.intent == "help" and slots.get("attribute") == "runner" \
                and not any(w in text for w in _THE_BOT):
            # 谁办的, right after one station was talked about: who runs that station
            return Understanding("follow_up", u.confidence, {"attribute": "runner", "stations": [focus.id]})
        inside = None
        if u.intent == "give_place" or context.inside_asked(text or ""):
            # (only a place answer, or 在医院里面吗, can ask where inside a place)
            if focus is not None:
                inside = focus if self._inside_focus(u, focus, text) else None
            else:
                inside = self._one_shown_inside(s, u, text)
        if inside is not None:
            # 在医院哪里 / 在医院哪块: where inside the place the station shown is in (its 医院) —
            # a question about that station, so a follow-up (labelling rules)
            s.focus = inside.id
            return Understanding("follow_up", u.confidence,
                                 {**slots, "stations": [inside.id], "attribute": "address"})
        last = s.last_question(t.at)
        if focus is not None and ellipsis and slots.get("codes") and not slots.get("stations") \
                and last and last.get("intent") == "schedule" and not context.has_location_cue(text):
            # 普法活动呢, right after when 义剪 / 义诊 are held there: when that one is held
            return Understanding("schedule", u.confidence, {**slots, "stations": [focus.id]})
        # (1公里内 / 走路五分钟: a limit measured from the rider — a search, as 附近 is)
        if focus is None or slots.get("stations") or context.has_location_cue(text) or slots.get("exclude") \
                or slots.get("within_m") \
                or (u.intent == "find_need" and any(slots.get(k) for k in _TIMED)) \
                or (u.intent == "find_need" and context.uses_search_verb(text)) \
                or (u.intent == "find_need" and slots.get("implied")):
            # 手机快没电了 / 被欠薪了怎么办: a state stated is a new search, not a yes/no about the focus
            return u
        if slots.get("city") or slots.get("district") or slots.get("other_city") or slots.get("county"):
            return u
        about = {**slots, "stations": [focus.id]}
        if ellipsis and (slots.get("holiday") or u.intent == "schedule" or _occasion(focus, ellipsis)):
            return Understanding("schedule", u.confidence, {**about, "occasion": ellipsis})
        occasion = context.occasion_asked(text or "")
        if not occasion and context.gift_asked(text or ""):
            # 红日亭冬至 → 送啥好吃的: the occasion named in the message before
            occasion = ((last or {}).get("slots") or {}).get("occasion") or ""
        if occasion and not slots.get("codes") and _occasion(focus, occasion):
            # 夏天送啥, right after 红日亭's festival food: what it gives then
            return Understanding("schedule", u.confidence, {**about, "occasion": occasion})
        if u.intent in _SEARCHES and slots.get("codes") and not slots.get("report_kind"):
            # 有冰箱吗 / 老花镜还有吗 right after one station was shown: a question about it (its 还有
            # is "still", not the next page of a list)
            return Understanding("follow_up", u.confidence, {k: v for k, v in about.items() if k != "more"})
        if u.intent == "schedule" and slots.get("codes") and set(slots["codes"]) & set(focus.codes):
            return Understanding("schedule", u.confidence, about)   # 免费早饭几点有, about 红日亭
        if slots.get("unlisted") and u.intent in ("out_of_scope", "find_station"):
            # 有床吗 / 能带狗吗 right after one station was shown: asked of it (the data is silent)
            return Understanding("follow_up", u.confidence, about)
        return u

    @staticmethod
    def _asked_of_the_first_shown(t: Turn, u: Understanding, text: str) -> Understanding | None:
        """Questions that, even right after a list of several, are about the station in focus (the
        first one shown) — not a new search:
          律师多久来一次, after the stations with legal aid were listed → when it is held there;
          在哪 发个定位 → its place and map link (not how to send a pin);
          最近那个有AED吗 → of the list's first (a list near a pin is nearest first);
          顺便能查下眼睛不 / 冰箱也有吧 → whether it has that too.
        None otherwise (a place, a station or a where-word said makes it a search)."""
        s, slots = t.session, u.slots
        if not s.focus:
            return None
        if u.intent == "help" and context.sends_me_its_place(text):
            return Understanding("follow_up", u.confidence, {"stations": [s.focus], "attribute": "navigate"})
        if s.ids and context.nearest_shown(text) and (slots.get("codes") or slots.get("attribute")) \
                and not any(slots.get(k) for k in ("stations", "city", "district", "place")):
            # 最近那个有AED吗, right after a list nearest first: its first station
            return Understanding("follow_up", u.confidence, {**slots, "stations": [s.ids[0]]})
        if context.has_location_cue(text) or any(slots.get(k) for k in ("stations", "city", "district", "place")):
            return None
        if u.intent == "schedule" and s.ids and slots.get("codes") and set(slots["codes"]) <= set(s.codes):
            return Understanding("schedule", u.confidence, {**slots, "stations": [s.focus]})
        if slots.get("codes") and not slots.get("exclude") \
                and (context.while_there(text) or context.confirms_too(text)):
            return Understanding("follow_up", u.confidence, {**slots, "stations": [s.focus]})
        return None

    def _constraints(self, t: Turn, u: Understanding, text: str) -> Understanding | None:
        """The needs of the search just made (or waiting for a place) changed by a fragment:
          还要有厕所 / 再加个淋浴        → its needs and the new one, all at once;
          厕所不要了 / 算了不用洗澡了     → its needs without the one declined (and any new one said);
          有厕所就行 / 那就只要能喂奶的   → only the need said now;
          除了红日亭还有哪 / 不要东宁路那个 换一个 → the same search without that station.
        The place and time of that search are kept. None: nothing of it changed."""
        slots = u.slots
        if slots.get("stations") or slots.get("report_kind") \
                or any(slots.get(k) for k in ("place", "other_city", "county")):
            return None
        base = self._last_search(t)
        if base is None:
            return None
        prev_codes = list(base.get("codes") or [])
        codes = list(slots.get("codes") or [])
        declined = set(slots.get("negated") or ()) & set(prev_codes)
        timed = any(slots.get(k) for k in _TIMED)
        if prev_codes and (codes or timed) and context.adds_need(text):
            wanted = list(dict.fromkeys(prev_codes + codes))
        elif declined:
            wanted = list(dict.fromkeys([c for c in prev_codes if c not in declined] + codes))
        elif prev_codes and codes and context.only_need(text):
            wanted = codes
        elif slots.get("exclude") and not codes:
            wanted = prev_codes
        else:
            return None
        own_area = slots.get("city") or slots.get("district")
        keep = {k: base[k] for k in PLACE_SLOTS + LIMIT_SLOTS
                if base.get(k) and not (own_area and k in ("city", "cities", "district"))
                and not (slots.get("within_m") and k in LIMIT_SLOTS)}
        new = {**keep, **{k: v for k, v in slots.items() if k not in ("negated", "codes", "more", "next", "pick")}}
        if wanted:
            new["codes"] = wanted
        exclude = list(dict.fromkeys([*(base.get("exclude") or []), *(slots.get("exclude") or [])]))
        if exclude:
            new["exclude"] = exclude
        # 不要洗澡了 with nothing else wanted: still an answer about needs — the plain nearest list
        intent = "find_need" if wanted or declined else \
            ("open_hours" if any(new.get(k) for k in _TIMED) else "find_station")
        return Understanding(intent, 1.0, new)

    @staticmethod
    def _ranking(t: Turn, u: Understanding, text: str) -> Understanding | None:
        """哪个驿站最大 / 建得最早 (the whole data, or the need / area said) — or, of the list just
        shown, 哪个大一点 / 这几个哪个最大; 第二大的呢 after a ranking: the same one, further down."""
        slots = u.slots
        s = t.session
        last = s.last_question(t.at) or {}
        prev = last.get("slots") or {}
        dates = prev.get("attribute") == "opened" or str(prev.get("rank") or "").startswith("opened")
        if not slots.get("rank") and dates and ranking.by_date(text):
            # 红日亭哪年建的 → 丁家桥呢 → 最早的那个 → 第二早的呢: 最早 is of the dates just asked,
            # not of hours
            slots = {**slots, "rank": ranking.by_date(text), "rank_nth": ranking.nth(text)}
        if not slots.get("rank") or slots.get("stations") or slots.get("report_kind") \
                or u.intent in ("schedule", "report_problem", "join_union", "greeting", "thanks", "help"):
            return None
        if u.intent == "out_of_scope" and not (prev.get("rank") or (s.ids and ("哪" in text or "谁" in text))):
            return None       # 声音大点: no ranking — only 哪个大一点 of a list in view, 那最小的呢 after one
        own = any(slots.get(k) for k in ("codes", "city", "district"))
        asked = dict(slots)
        if prev.get("rank") and not own:
            # 第二大的呢 / 那最小的呢, right after a ranking: the same stations ranked again
            asked.update({k: prev[k] for k in ("codes", "city", "district", "among", "toured") if prev.get(k)})
        elif not own and (slots.get("comparative") or not any(w in text for w in context.STATION_WORDS)):
            toured = list(s.seen) if len(s.seen) >= 2 and context.points_back(text) \
                and len(last.get("stations") or []) == 1 else []
            if toured:
                # 南苑多大 → 阳山呢 → 越东路那个呢 → 最小的那个在哪: of the stations just asked about
                asked.update(among=toured, toured=True)
            elif s.ids:
                asked["among"] = list(s.ids[:max(s.shown, 1)])
        return Understanding("follow_up" if u.intent == "out_of_scope" else u.intent, 1.0, asked)

    @staticmethod
    def _last_search(t: Turn) -> dict | None:
        """The slots of the search waiting for a place, else of the last question when it was a
        search for stations (a need, or stations of a place or time); None otherwise."""
        pending = t.session.pending_question(t.at)
        if pending and not pending.get("station") and pending.get("intent") in ("find_need", "find_station", "open_hours"):
            return pending.get("slots") or {}
        if pending:
            return None
        last = t.session.last_question(t.at)
        if last and (last.get("intent") in ("find_need", "find_station")
                     or (last.get("intent") == "open_hours" and not last["slots"].get("stations"))):
            return last["slots"]
        return None

    def _station_of_fragment(self, slots: dict) -> dict:
        """东宁路呢 / 椒江呢 after a station's fact: the station its landmark or its one-station area
        names, as if named (the slots unchanged when none)."""
        if slots.get("stations"):
            return slots
        # (a city, 湖州呢, is more often the same search there: only a district names its station)
        one = self.lexicon().area_station.get(slots.get("district") or "")
        named = list(slots.get("landmarks") or []) or ([one] if one else [])
        return {**slots, "stations": named} if named else slots

    def _one_shown_inside(self, s, u: Understanding, text: str) -> Any:
        """After a list, the one station shown whose own place the question names (在医院哪个位置 →
        金华眼科医院), or None."""
        shown = [self.kb.get(i) for i in s.ids[:max(s.shown, 1)]] if s.ids else []
        hits = [x for x in shown if x is not None and self._inside_focus(u, x, text)]
        return hits[0] if len(hits) == 1 else None

    @staticmethod
    def _inside_focus(u: Understanding, focus: Any, text: str) -> bool:
        """在医院哪块 / 在医院哪里: a where-question about a place that is part of the focus's own
        name, address or landmark — where the station is inside it, not a new place."""
        slots = u.slots
        yes_no = context.inside_asked(text)      # 在医院里面吗: whether it is inside that place
        place = slots.get("place") or yes_no
        own = f"{focus.name}{focus.address or ''}{focus.landmark or ''}"
        asks_where = "哪" in text or "什么位置" in text or "什么地方" in text
        return ((u.intent == "give_place" and asks_where) or bool(yes_no)) and not text.startswith("我") \
            and not (slots.get("stations") or slots.get("codes") or slots.get("city") or slots.get("district")) \
            and "附近" not in text and len(place) >= 2 and place[:2] in own

    def _pair_again(self, t: Turn, u: Understanding, text: str) -> Understanding | None:
        """那哪个能洗澡 / 这俩哪个有冰箱, right after two named stations were compared — or 两个都有厕所吗
        right after a list: "which" is one of those two, not a search — the two compared on the need
        or fact."""
        last = t.session.last_question(t.at)
        prev = (last or {}).get("slots") or {}
        pair = list(prev.get("stations") or []) if prev.get("compare") else []
        compared = len(pair) >= 2
        s, slots = t.session, u.slots
        # the last answer was about one station (or none shown), the one before it about another
        one_each = len((last or {}).get("stations") or []) <= 1 and s.before not in (None, s.focus)
        listed = len(pair) < 2 and context.says_two(text) and not one_each and len(s.ids) >= 2 and s.shown >= 2
        if listed:
            pair = s.ids[:2]      # 两个都有厕所吗 / 俩哪个能洗澡, right after a list: its first two
        elif len(pair) < 2 and context.says_two(text) and one_each:
            pair = [s.before, s.focus]   # 红日亭…, then 丁家桥…, then 这两个哪个有义剪: those two
        if len(pair) < 2 or slots.get("stations") or slots.get("report_kind") \
                or any(slots.get(k) for k in ("city", "district", "place", "other_city", "county")) \
                or not context.asks_which_of_pair(text):
            return None
        asked = Understanding(u.intent, u.confidence, {**slots, "stations": pair[:2]})
        fact = answers.compared_fact(text, asked)
        if not fact:
            return None
        if fact == "hours" and u.intent == "open_hours":
            return Understanding("open_hours", 1.0, asked.slots)   # 晚上10点该去哪个: their hours
        # two the rider named are asked about again; two of a list (or talked about) are followed up
        named = compared and (last or {}).get("intent") == "station_info"
        return Understanding("station_info" if named else "follow_up", 1.0, asked.slots)

    @staticmethod
    def _ordinal_left_out(t: Turn, u: Understanding) -> Understanding:
        """第一个不要 换个能洗澡的: the station at that place of the list shown, left out of the search
        (as 不要东宁路那个 leaves a named one out); unchanged when there is no such list entry."""
        n = u.slots.get("exclude_ordinal")
        if n is None:
            return u
        slots = {k: v for k, v in u.slots.items() if k not in ("exclude_ordinal", "next")}
        ids = t.session.ids
        if not (isinstance(n, int) and 1 <= n <= len(ids)) or slots.get("ordinal") is not None:
            # (第一个太远了 第二个呢: the one named after it is asked of, nothing searched again)
            return Understanding(u.intent, u.confidence, slots)
        slots["exclude"] = list(dict.fromkeys([*(slots.get("exclude") or []), ids[n - 1]]))
        return Understanding(u.intent, u.confidence, slots)

    def _nearest_to_rider(self, t: Turn, u: Understanding, text: str, ellipsis: str) -> Understanding | None:
        """我附近那个呢 / 我这边这个多大, often after asking about a station in another city: the
        station nearest the rider's position, asked about as if named — a bare 呢 asks it what
        was just asked of the other one. None without a position or such a reference."""
        if t.location is None or u.slots.get("stations") or not context.near_me_one(text):
            return None
        hits = self.kb.nearest(t.location.lat, t.location.lng, k=1)
        if not hits:
            return None
        named = {**u.slots, "stations": [hits[0].station.id]}
        last = t.session.last_question(t.at)
        again = (_hours_again(last, named, ellipsis) or _fact_again(last, named, ellipsis)) if ellipsis else None
        if again is not None:
            return again
        if ellipsis and last and last.get("intent") in ("station_info", "follow_up") \
                and (last.get("slots") or {}).get("codes"):
            # 红日亭能热饭吗 → 我附近那个呢: the same need, of the station near the rider
            named["codes"] = list(last["slots"]["codes"])
        intent = u.intent if u.intent in ("open_hours", "schedule") else \
            "follow_up" if t.session.ids[:1] == named["stations"] else "station_info"   # (the list's first)
        return Understanding(intent, 1.0, {k: v for k, v in named.items() if k not in ("more", "next", "ordinal")})

    def _one_of_pair(self, t: Turn, u: Understanding, text: str) -> Understanding | None:
        """大的那个能量血压吗 / 远的那个有母婴室吗: of the two stations just compared (or the two talked
        about last), the one the size or the distance picks — then asked about. None when the data
        lacks what would pick (an area not recorded, no position of the rider)."""
        by = context.one_of_pair(text)
        if not by:
            return None
        s = t.session
        prev = (s.last_question(t.at) or {}).get("slots") or {}
        ids = list(prev.get("stations") or [])[:2] if prev.get("compare") else [s.before, s.focus]
        pair = [x for x in (self.kb.get(i) for i in ids if i) if x is not None]
        if len(pair) < 2 or pair[0].id == pair[1].id:
            return None
        if by in "大小":
            if not all(x.area_m2 for x in pair):
                return None
            pick = (max if by == "大" else min)(pair, key=lambda x: x.area_m2)
        else:
            if t.location is None:
                return None
            pick = (max if by == "远" else min)(pair, key=lambda x: distance_to(t, x) or 0.0)
        s.focus = pick.id
        t.extra["before"] = next(x.id for x in pair if x.id != pick.id)   # so 大的那个 can follow
        slots = {k: v for k, v in u.slots.items() if k not in ("nearer", "more", "rank")}
        return Understanding("follow_up", u.confidence, {**slots, "stations": [pick.id]})

    def _focus_in(self, focus: str | None, area: dict) -> bool:
        """The station in focus lies in the area searched (a list of that area was shown; 那个有
        厕所吗 is about it) — not when the list had to show stations elsewhere."""
        station = self.kb.get(focus) if focus else None
        if station is None:
            return False
        return (not area.get("city") or station.city == area["city"]) \
            and (not area.get("district") or station.district == area["district"])

    def _single_focus(self, s, now: float = 0.0) -> Any:
        """The one station the conversation is about, or None — not the first of a list of
        several just shown (then 能洗澡吗 is a search), unless the last answer since was about
        that one station (现在还开着吗 → 丁家桥's hours; then 有空调吗 is about 丁家桥 too)."""
        if not s.focus:
            return None
        if s.ids and s.focus == s.ids[0] and s.shown > 1:
            last = s.last_question(now) if now else None
            if not last or list(last.get("stations") or []) != [s.focus] \
                    or last.get("intent") in ("find_station", "find_need"):
                return None
        return self.kb.get(s.focus)

    # --- ellipsis: the last question again, one slot changed --------------------------------------
    def _landmark_answer(self, t: Turn, u: Understanding, text: str) -> Understanding:
        """华盖山脚下, in answer to "where are you?": a station's landmark said as a place, not a
        question about that station (it asks nothing: no fact, need or time)."""
        pending = t.session.pending_question(t.at)
        s = u.slots
        if pending and pending.get("intent") != "report_problem" and u.intent == "station_info" \
                and s.get("stations") and not (s.get("codes") or s.get("attribute") or "吗" in text
                                               or "?" in text or "？" in text):
            return Understanding("give_place", u.confidence,
                                 {**s, "place": s.get("place") or text.strip()[:30],
                                  "landmarks": list(s["stations"])})
        return u

    def _place_answer(self, t: Turn, u: Understanding, text: str) -> Understanding:
        """阳光花园小区 / 老王水果店, right after the bot asked where the rider is: a short message
        that names nothing the bot knows and asks nothing is the rider's attempt at a place — it
        is looked up (and, unknown, asked for again), not turned away as out of scope."""
        pending = t.session.pending_question(t.at)
        words = (text or "").strip()
        if pending and not pending.get("station") and pending.get("intent") != "report_problem" \
                and u.intent == "out_of_scope" and u.confidence <= 0.35 and not u.slots \
                and 2 <= len(words) <= 20 and not context.refuses_place(words):
            return Understanding("give_place", u.confidence, {"place": words[:30]})
        return u

    def _replay(self, t: Turn, u: Understanding, text: str, ellipsis: str) -> Understanding | None:
        """The previous question (Session.last) asked again with the slot the rider changed:
          那厕所呢 after a search      → the same search (same place) for the new need;
          啥时候有 after a need         → that need's schedule, same place or station;
          要钱不 after a list / station → the cost of that need at the station in focus;
          那还能去哪热饭 after reporting 丁家桥's microwave broken → a search without 丁家桥.
        None: not a fragment of the last question (answered as understood)."""
        last = t.session.last_question(t.at)
        slots = u.slots
        named = self._station_of_fragment(slots) if ellipsis else slots
        hours = _hours_again(last, named, ellipsis) or _fact_again(last, named, ellipsis)
        if hours is not None:
            return hours
        if last is None or slots.get("stations") or slots.get("report_kind") \
                or any(slots.get(k) for k in ("city", "district", "place", "other_city", "county")):
            return None
        prev, intent = last["slots"], last.get("intent")
        fine = slots.get("attribute") in ("terms", "cost")
        if intent == "join_union" and (context.join_fragment(text) or fine) and not slots.get("codes"):
            # 外卖骑手也能入吗 / 我能参加吗 / 要带身份证吗, right after the answer on joining: about joining
            return Understanding("join_union", 1.0, {"attribute": slots["attribute"]} if fine else {})
        if intent == "join_union" and not slots.get("codes") and context.where_to_join(text):
            # 在哪扫码 / 去哪入, right after the answer on joining: the stations where one joins
            return Understanding("find_need", 1.0, {"codes": ["join_union"]})
        keep = {k: prev[k] for k in PLACE_SLOTS if prev.get(k)}
        codes = slots.get("codes") or []
        searched = intent in ("find_need", "find_station") or (intent == "open_hours" and not prev.get("stations"))
        if ellipsis and codes and searched:
            # 那厕所呢 after 1公里内能热饭吗: the same search, its limit too, unless a new one is said
            said = slots if slots.get("within_m") else prev
            limit = {k: said[k] for k in LIMIT_SLOTS if said.get(k)}
            return Understanding("find_need", 1.0, {**keep, **limit, "codes": list(codes)})
        if ellipsis and slots.get("within_m") and searched and not codes:
            # 3公里内的呢 / 那走路十分钟的呢: the search just made, inside the limit said now
            limit = {k: slots[k] for k in LIMIT_SLOTS}
            return Understanding(intent, 1.0, {**prev, **limit})
        if codes and u.intent == "find_need" and searched and (prev.get("city") or prev.get("district")) \
                and t.location is None and answers.typed_area(self, t) is None \
                and not self._focus_in(t.session.focus, prev):
            # 杭州冻得手都麻了 哪里能暖和 → (list) → 有热水吗: the rider gave no place of their own,
            # so the next need is searched in the area just searched, not asked for again
            area = {k: prev[k] for k in ("city", "district") if prev.get(k)}
            return Understanding("find_need", u.confidence, {**slots, **area})
        verb = context.lone_verb(text) if not codes else ""
        same = [c for c in prev.get("codes") or [] if verb and any(w.startswith(verb) for w in self.vocab.words(c))]
        if same and context.has_location_cue(text):
            # 那还有哪里能洗, right after 淋浴坏了 / 哪能洗澡: the need of that verb, searched again —
            # without the station just reported unusable for it
            asked = {**keep, "codes": same}
            if intent == "report_problem" and _unusable(prev, same):
                asked["exclude"] = list(last.get("stations") or [])
            return Understanding("find_need", 1.0, asked)
        if codes and u.intent == "find_need" and intent == "report_problem" and _unusable(prev, codes):
            # the station just reported locked, misplaced or broken for this need is not where
            # to send the rider (那还有别的能热饭的吗): the same search without it
            return Understanding("find_need", u.confidence, {**slots, "exclude": list(last.get("stations") or [])})
        if (context.when_fragment(text) or (intent == "schedule" and context.day_question(text))) \
                and prev.get("codes") and not codes:
            # 啥时候有 after a need; 是周末吗 right after when it is held: that service's schedule —
            # of the station asked about, or shown first (a list near a pin), else in the area
            focus = t.session.focus
            about = {"stations": list(prev["stations"])} if prev.get("stations") else \
                {"stations": [focus]} if focus else keep
            day = {"occasion": slots["occasion"]} if slots.get("occasion") else {}
            return Understanding("schedule", 1.0, {**about, **day, "codes": list(prev["codes"])})
        if codes and u.intent == "find_need" and t.session.focus and context.there_fragment(text):
            return Understanding("follow_up", 1.0, {**slots, "codes": list(codes)})
        if slots.get("attribute") == "cost" and t.session.focus and set(codes) <= set(prev.get("codes") or []) \
                and not context.has_location_cue(text):
            # 要钱不 / 要钱不 请律师很贵吧: the need just asked about, at the station in focus (the first one shown)
            return Understanding("follow_up", 1.0, {"attribute": "cost", "codes": list(prev.get("codes") or [])})
        return None

    # --- places --------------------------------------------------------------------------------
    def _place(self, t: Turn, u: Understanding, text: str) -> Reply:
        slots = dict(u.slots)
        area = self._resolve_place(t, slots, text)
        if not area:
            return reply(f"没找到“{(slots.get('place') or text)[:20]}”这个地方。" + ASK_LOCATION,
                         "give_place", asks_location=True, answered=False)
        if "point" not in area:
            t.location = None    # "我在宁波": an older pin elsewhere no longer says where the rider is
        _remember_area(t, area)
        pending = t.session.pending_question(t.at)
        if pending:
            q = Understanding(pending["intent"], 1.0,
                              {**pending.get("slots", {}), **{k: v for k, v in area.items() if k != "point"}})
        else:
            q = Understanding("find_station", 1.0, {k: v for k, v in area.items() if k != "point"})
        t.extra["asked"] = q
        result = HANDLERS.get(q.intent, answers.find)(self, t, q)
        result.intent = "give_place"
        vague = _only_the_area(slots.get("place") or "", area)
        if vague and result.text:
            # 我在金华火车站附近, with no geocoder that knows the station: say what was used
            result.text = (f"没找到“{vague[:20]}”的具体位置，先按{area.get('district') or area.get('city')}"
                           f"找；发送位置可以更准。\n" + result.text)
        return result

    def _resolve_place(self, t: Turn, slots: dict, text: str) -> dict | None:
        """A typed place → {city, district} for an area search, or a point used like a pin."""
        area = {k: slots[k] for k in ("city", "district") if slots.get(k)}
        place_text = slots.get("place") or ""
        county = self.county(slots)
        if self.geocoder is not None and (place_text or not area):
            try:
                p = self.geocoder.locate(place_text or text)
            except Exception:  # noqa: BLE001 - the geocoder is optional help, never a failure
                p = None
            if p is not None and county is not None and p.level != "point":
                p = None           # 义乌 at Amap's district level: the county's centre below, not a KB area
            if p is not None:
                t.place_source = "typed"
                if p.level == "point":
                    loc = Location(p.lat, p.lng, t.at, source="typed", label=p.name,
                                   approximate=getattr(p, "source", "") != "amap")
                    t.location = t.new_location = loc
                    return {"point": True}
                found = {k: v for k, v in (("city", p.city), ("district", p.district if p.level == "district" else ""))
                         if v}
                if found:
                    slots.update(found)
                    return found
        if county is not None:
            # 我在义乌 / 德清哪里能热饭: the county's centre, approximate, like a district centre
            loc = Location(county.lat, county.lng, t.at, source="typed", label=county.name, approximate=True)
            t.location = t.new_location = loc
            t.place_source = "typed"
            return {"point": True}
        if area:
            t.place_source = "typed"
            slots.update(area)
            return area
        # no geocoder: a station named in the place ("我在红日亭这边") is a landmark
        ids = slots.get("stations") or slots.get("landmarks") or []
        station = self.kb.get(ids[0]) if ids else None
        if station is not None:
            loc = Location(station.lat, station.lng, t.at, source="typed",
                           label=(place_text or station.short_name)[:30], approximate=True)
            t.location = t.new_location = loc
            t.place_source = "typed"
            return {"point": True}
        return None

    def county(self, slots: dict) -> Area | None:
        """The county-level division a typed county name means (knowledge/areas.csv): within the
        city named with it, else preferring the knowledge base's own provinces; None with a KB
        district named (the data's own area wins) or when the name is ambiguous."""
        name = slots.get("county")
        if not name or slots.get("district"):
            return None
        areas = load_areas()
        kb = self.kb
        cached = self._provinces
        if cached is None or cached[0] is not kb:
            provs = tuple(sorted({p for c in kb.cities() if (p := areas.province_of(c))})) or ("33",)
            cached = self._provinces = (kb, provs)
        return areas.find(name, slots.get("city") or "", cached[1])

    # --- location pins and events ----------------------------------------------------------------
    def _pin(self, t: Turn) -> Reply:
        lat, lng = t.msg.lat, t.msg.lng
        if not _valid_point(lat, lng):
            return reply("这个位置看不懂，请重新发送一次位置。", "location", asks_location=True, answered=False)
        t.location = t.new_location = Location(float(lat), float(lng), t.at, source="pin",
                                               label=(t.msg.label or "")[:60])
        t.session.area = None      # the pin is where the rider is now
        t.place_source = "pin"
        pending = t.session.pending_question(t.at)
        if pending and pending.get("intent") in HANDLERS and not pending.get("station"):
            slots = {k: v for k, v in pending.get("slots", {}).items() if k not in ("city", "district")}
            q = Understanding(pending["intent"], 1.0, slots)
        elif pending and pending.get("station") and pending.get("slots", {}).get("codes"):
            # 这个能热饭吗 before any station was talked about, then a pin instead of a name: the
            # need searched from here (the station the rider stands at is the first if it has it)
            q = Understanding("find_need", 1.0, {"codes": list(pending["slots"]["codes"])})
        else:
            q = Understanding("find_station", 1.0, {})
        t.extra["asked"] = q
        result = HANDLERS[q.intent](self, t, q)
        result.intent = result.intent or "location"
        return result

    def _event(self, t: Turn) -> Reply:
        event, key = t.msg.event, (t.msg.key or "").strip()
        if event == "subscribe":
            return reply(answers.WELCOME, "subscribe")
        if event == "location_select":
            return reply(None, "location_select")   # the location message follows
        if event == "location":
            if _valid_point(t.msg.lat, t.msg.lng):
                lat, lng = float(t.msg.lat), float(t.msg.lng)
                if self.config.location_event_system == "wgs84":
                    from knowledge.coords import wgs84_to_gcj02  # noqa: PLC0415
                    lat, lng = wgs84_to_gcj02(lat, lng)
                t.new_location = Location(lat, lng, t.at, source="event")
            return reply(None, "location_event")    # WeChat forbids replying to LOCATION
        if event == "click":
            return self._click(t, key)
        return reply(None, event or "event")

    def _click(self, t: Turn, key: str) -> Reply:
        if key == "help":
            return answers.help_(self, t, Understanding("help", 1.0))
        if key == "join_union":
            # remembered like a typed question: 外卖骑手也能入吗 next is about joining
            t.extra["asked"] = Understanding("join_union", 1.0)
            return answers.join_union(self, t, t.extra["asked"])
        if key.startswith("find:") and key[5:] in self.vocab:
            t.extra["asked"] = Understanding("find_need", 1.0, {"codes": [key[5:]]})
            return answers.find(self, t, t.extra["asked"])
        if key == "nearby":
            return answers.find(self, t, Understanding("find_station", 1.0))
        if key == "find:24h":
            return answers.find(self, t, Understanding("open_hours", 1.0, {"open_24h": True}))
        return reply(answers.CAN_DO, "help", answered=False)

    def _record_usage(self, msg: Incoming, result: Reply) -> None:
        if self.usage is None or result.text is None:
            return
        try:
            self.usage.record(msg.kind, result.intent, msg.text if msg.kind == TEXT else "",
                              bool(result.meta.get("answered", True)), result.meta.get("place_source"),
                              clarified=bool(result.meta.get("clarify")), at=msg.at)
        except Exception as e:  # noqa: BLE001 - statistics never cost a rider an answer
            log.warning("usage not recorded: %s", type(e).__name__)


def _remember_area(t: Turn, area: dict) -> None:
    """A place typed on its own is the rider's place for the next questions, like a pin: a
    point is kept as the location (by _resolve_place); a city/district as Session.area."""
    if "point" in area:
        t.session.area = None
    else:
        t.session.area = {**{k: area[k] for k in ("city", "district") if area.get(k)}, "at": t.at}


def _remember_question(t: Turn, result: Any) -> None:
    """Session.last: the question this turn answered, for the next message's ellipsis."""
    asked = t.extra.get("asked")
    if asked is None or asked.intent not in QUESTIONS or result.meta.get("clarify") \
            or not result.meta.get("answered", True):
        return
    slots = {k: asked.slots[k] for k in LAST_SLOTS if asked.slots.get(k)}
    t.session.last = {"intent": asked.intent, "slots": slots,
                      "stations": list(result.meta.get("stations") or [])[:3], "at": t.at}


def _only_the_area(place: str, area: dict) -> str:
    """The place text when it said more than the city/district it was resolved to (金华火车站
    → 金华市), else ""."""
    if "point" in area or not place:
        return ""
    rest = place
    for name in (area.get("district"), area.get("city")):
        if name:
            for form in (name, name[:-1] if name.endswith(("市", "区", "县")) else name):
                rest = rest.replace(form, "")
    return place if len(rest) >= 2 else ""


def _unusable(reported: dict, codes: list[str]) -> bool:
    """A reported station cannot serve these needs: it was locked or not where we said, or what
    broke is one of them."""
    kind = reported.get("report_kind")
    return kind in ("closed", "wrong_location") or (
        kind == "broken" and bool(set(codes) & set(reported.get("codes") or ())))


def _occasion(station: Any, words: str) -> bool:
    """端午节 / 冬至 / 夏天: the words name when one of the station's activities happens."""
    core = answers.occasion_core(words)
    return bool(core) and any(core in f"{a.schedule}{a.season or ''}{a.name}" for a in station.activities)


def _valid_point(lat: Any, lng: Any) -> bool:
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        return False
    return math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180 \
        and not (lat == 0 and lng == 0)


def _fact_again(last: dict | None, slots: dict, ellipsis: str) -> Understanding | None:
    """After one fact of a station (丁家桥哪年建的 / 南苑多大 / 这个多大): 那红日亭呢 asks the same fact of the
    station it names. None when the last question asked no one fact, or the fragment asks more."""
    if not (ellipsis and last) or last.get("intent") not in ("station_info", "follow_up") or not slots.get("stations") \
            or any(slots.get(k) for k in ("codes", "attribute", "report_kind")):
        return None
    attribute = (last.get("slots") or {}).get("attribute")
    if not attribute:
        return None
    return Understanding("station_info", 1.0, {"stations": list(slots["stations"]), "attribute": attribute})


def _hours_again(last: dict | None, slots: dict, ellipsis: str) -> Understanding | None:
    """After a station's hours: 那丁家桥呢 asks the same of another station; 周日呢 the same of
    the same station on another day; 国庆呢 on a holiday. None when the last question was not
    about hours."""
    if not (ellipsis and last) or slots.get("codes") or slots.get("report_kind") \
            or slots.get("attribute") not in (None, "hours"):
        return None
    prev = last.get("slots") or {}
    if not (last.get("intent") == "open_hours" or prev.get("attribute") == "hours"):
        return None
    if slots.get("stations"):
        return Understanding("open_hours", 1.0, {"stations": list(slots["stations"])})
    stations = list(prev.get("stations") or last.get("stations") or [])
    if stations and context.day_fragment(ellipsis):
        return Understanding("open_hours", 1.0, {"stations": stations[:1]})
    if stations and slots.get("holiday"):
        # 国庆呢 after 中秋节开吗: the same station's hours on that holiday, not its activities
        return Understanding("open_hours", 1.0, {"stations": stations[:1], "holiday": True})
    return None
