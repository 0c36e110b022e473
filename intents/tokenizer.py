"""jieba, set up once per process with the lexicon as its user dictionary.

Without the user dictionary jieba cuts 热饭 into 热/饭 and 红日亭 into 红日/亭, and a need or a
station name is lost. jieba's own dictionary cache goes to the project's writable cache dir
(not /tmp, which may be shared or read-only), and is read here with one read() + marshal.loads:
jieba's own marshal.load(file) reads the 9 MB in small pieces and takes about three times as
long — the largest single cost of starting the understanding layer.
"""
from __future__ import annotations

import logging
import marshal
import threading
from pathlib import Path
from typing import Iterable

import jieba

log = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_added: set[str] = set()

# A frequency high enough that a lexicon word is kept whole against jieba's own words, without
# calling jieba.suggest_freq per word (that re-cuts each word and costs seconds at start-up).
_USER_WORD_FREQ = 20000


def get_tokenizer(cache_dir: Path | None = None, words: Iterable[str] = ()) -> jieba.Tokenizer:
    """The process-wide tokenizer; words not yet in its user dictionary are added."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            tok = jieba.Tokenizer()
            if cache_dir is not None:
                try:
                    Path(cache_dir).mkdir(parents=True, exist_ok=True)
                    tok.tmp_dir = str(cache_dir)
                    tok.cache_file = "jieba.cache"
                except OSError as e:  # read-only checkout: jieba falls back to its default
                    log.warning("jieba cache dir %s unusable: %s", cache_dir, e)
            if not (tok.cache_file and _load_cache(tok, Path(cache_dir) / tok.cache_file)):
                tok.initialize()      # builds the dictionary and writes the cache
            _tokenizer = tok
        for w in words:
            if w not in _added and len(w) > 1:
                _tokenizer.add_word(w, freq=_USER_WORD_FREQ)
                _added.add(w)
        return _tokenizer


def _load_cache(tok: jieba.Tokenizer, path: Path) -> bool:
    """jieba's dictionary from the cache jieba wrote (same data, read in one piece)."""
    try:
        freq, total = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return False
    if not isinstance(freq, dict) or not isinstance(total, int) or total <= 0:
        return False
    tok.FREQ, tok.total, tok.initialized = freq, total, True
    return True


def cut(text: str) -> list[str]:
    tok = _tokenizer or get_tokenizer()
    return tok.lcut(text, HMM=False)


def common_word(word: str) -> bool:
    """A word of jieba's own dictionary (not one of ours): 一站, 一战, 两站 are everyday words,
    so a homophone match must not read them as 驿站 (坐一站地铁, 下一站)."""
    tok = _tokenizer or get_tokenizer()
    return word not in _added and tok.FREQ.get(word, 0) > 0
