"""Understanding riders: text → Understanding(intent, confidence, slots, alternatives, clarify).

One small module per intent (examples, cue words, slots, how it is answered); matching with
jieba + pinyin + rapidfuzz over the shared lexicon; a plain scoring design with two thresholds.
"""
from .understand import (AMBIGUITY_MARGIN, INTENT_NAMES, LOW_CONFIDENCE, Understanding, ask_which,
                         build_lexicon, default_lexicon, understand)

__all__ = ["understand", "Understanding", "build_lexicon", "default_lexicon", "ask_which",
           "INTENT_NAMES", "LOW_CONFIDENCE", "AMBIGUITY_MARGIN"]
