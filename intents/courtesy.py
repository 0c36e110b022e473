"""Courtesy wrapped around a request: 师傅好 附近哪能充电 谢谢 / 谢谢 顺便问下南苑有几个工作人员.

A greeting or an address at the start, a thank-you at the start or the end, and the small links
riders put after them (对了 / 顺便问一下 / 打扰一下) say nothing of what is asked. `core` cuts them
off, so the request inside is understood as if sent alone; `keeps_courtesy` says when what is left
is no request at all (吃了没 / 我是顺丰小哥 / 厕所找到了 微波炉挺好用), so the greeting or the thanks
stays the message's intent.
"""
from __future__ import annotations

import re

# Whom a greeting or thanks is addressed to: 师傅 / 兄弟 / 老师 …
_WHO = (r"(?:工会的?|驿站的?)?(?:师傅|师父|老师|大哥|大姐|老哥|老铁|哥们|小哥|小姐姐|兄弟|老板|同志|各位|大家|亲|"
        r"小编|客服|美女|帅哥)们?")
_PARTICLE = r"(?:啊|呀|啦|哈|哦|哇|嘛|了)*"
_GREET = (r"(?:你好|您好|哈喽|哈啰|hello|hi|嗨|喂+|早上好|上午好|中午好|下午好|晚上好|早安|在吗|在么|在不在|"
          rf"{_WHO}(?:你|您)?好)")
_THANK = r"(?:好的|好嘞|嗯)?(?:谢谢|谢了|谢啦|多谢|感谢|thx|thanks|thank you)(?:你|您)?"
# 好的 / 好嘞师傅 before a next question: the reply to the last answer, taken as thanks.
_ACK = r"(?:好的|好嘞|好滴|好吧|行|ok|嗯嗯?)(?=，|那|还|再|{who})".format(who="(?:师傅|兄弟|老师|大哥|大姐)")
# What a rider says between the courtesy and the request: by the way / excuse me.
_LINK = r"(?:对了|顺便问一?下|顺便问问|顺便|另外|还有个事|打扰一下|打扰了|麻烦问一?下|请问一?下|请问|问一?下)"

_HEAD = re.compile(rf"^(?:{_GREET}{_PARTICLE}，?(?:{_WHO})?{_PARTICLE}|(?:{_THANK}|{_ACK}){_PARTICLE}，?(?:{_WHO})?{_PARTICLE})"
                   rf"(?:，?{_GREET}{_PARTICLE})?，?(?:{_LINK}{_PARTICLE}，?)*")
_TAIL = re.compile(rf"(?:，?(?:麻烦(?:你|您)?了|辛苦(?:你|您)?了|{_THANK}))+{_PARTICLE}(?:{_WHO})?{_PARTICLE}$")
# 谢谢你上次推荐的，这次想问问…: a thank-you clause of its own, then the request.
_THANK_CLAUSE = re.compile(rf"^{_THANK}(?:你|您)[^，]{{1,12}}，")

# A question or a request in what is left: then the wrapper is only politeness.
_QUESTION_WORDS = r"吗|么|呢|哪|怎么|几|什么|多少|有没有|\?"
_ASKS = re.compile(_QUESTION_WORDS + r"|怎样|多久|多远|能不能|可不可以|是不是|有没|干嘛|"
                   r"(.)不\1|想找|想问|帮我|给我|求|推荐|更多|还有别的|下一|换一")
# Small talk that answers a greeting, and word back that something worked: no request.
_SOCIAL = re.compile(r"吃了没|吃了吗|吃饭了[没吗]|吃过了|打个招呼|打招呼|问个好|问声好|^我是")
# 刚下班 / 才收工 / 今天跑完了: what the rider has just done, told after a greeting — a remark on
# their day, whose 下班 / 晚上 is the rider's time, not a station's hours asked about.
_OWN_DAY = re.compile(r"^(?:我|今天|今晚|今儿)?也?(?:刚刚?|才|终于|总算)[^，]{1,6}$|"
                      r"^(?:我|今天|今晚|今儿)[^，]{0,4}(?:下班|收工|下工|放工|跑完|送完|忙完)了?$")
# 那我九点再来看看 / 明天再过去 / 回头再去: the rider's plan, told while saying thanks.
_PLAN = re.compile(r"(?:再|回头|待会儿?|等会儿?|晚点)(?:来|去|过来|过去)(?:看看|一趟|试试)?|过去看看")
# 好 中午过去 / 那我马上过去: the rider's plan to go there, told with the thanks — no question
# (its 中午 / 晚上 is when they go, not the station's hours asked about).
_ON_MY_WAY = re.compile(r"^(?:好|好的|行|嗯|ok)?，?(?:那|那我|我)?(?:今天|明天|中午|下午|晚上|早上|上午|等下|等会儿?|"
                        r"一会儿?|待会儿?|马上|这就|现在|就|再)*(?:过去|过来|出发)(?:了|啦|吧|看看)?$")
_FEEDBACK = re.compile(r"找到了|吃饱了|好用|挺好|不错|真便宜|很便宜|真方便|很方便|帮大忙|解决了|充上了|"
                       r"洗上了|用上了|热好了")


def kind(text: str) -> str | None:
    """"greeting" or "thanks" for the courtesy the message opens with (else closes with)."""
    if re.match(_GREET, text):
        return "greeting"
    if re.match(_THANK, text) or re.match(_ACK, text) or _TAIL.search(text):
        return "thanks"
    return None


def core(text: str) -> str | None:
    """The request inside the courtesy (normalised text in, as features.extract makes it), or None
    when there is no courtesy to cut or nothing is left once it is cut."""
    m = _THANK_CLAUSE.match(text)
    if m and not _ASKS.search(text, 0, m.end()) and _ASKS.search(text, m.end()):
        rest = text[m.end():]          # 谢谢你上次推荐的，… : the thanks has an object of its own
    else:
        rest = _HEAD.sub("", text, count=1)
    rest = _TAIL.sub("", rest).strip("，")
    if rest == text or len(rest) < 2:
        return None
    return rest


# 谢啦 知道几点关门了: the rider now knows what was asked — its question words are answered ones.
# A question without the request words: 推荐的，南苑的饭真便宜 tells what was done, asks nothing.
_QUESTION = re.compile(_QUESTION_WORDS)
_NOW_KNOWN = re.compile(r"^(?:我|俺)?(?:知道|明白|晓得|清楚|懂).*了$")     # (…了吗 still asks)


def keeps_courtesy(rest: str, intent: str, score: float) -> bool:
    """What is left asks nothing: small talk (吃了没), word that it worked (厕所找到了), what the
    rider now knows (知道几点关门了), or words nothing is recognised in (我刚下班) — the greeting or
    thanks is the message."""
    if _NOW_KNOWN.match(rest) or _ON_MY_WAY.match(rest) or (_FEEDBACK.search(rest) and not _QUESTION.search(rest)):
        return True     # (…推荐的，南苑的饭真便宜: 推荐 is what was done, not a request)
    if _ASKS.search(rest):
        return False
    if _OWN_DAY.match(rest) and intent in ("open_hours", "out_of_scope", "find_station"):
        return True
    if _PLAN.search(rest) and not (intent == "report_problem" and score >= 0.9):
        return True     # 那我九点再来看看 谢了: what the rider will do next, no request
    if _SOCIAL.search(rest) or _FEEDBACK.search(rest):
        return intent not in ("report_problem",)
    return intent == "out_of_scope" and score < 0.5
