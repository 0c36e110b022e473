"""Station knowledge: the data (stations.yaml, vocabulary.yaml), its model, and search over it."""
from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Hit", "KnowledgeBase", "KnowledgeSource", "load_kb"]

if TYPE_CHECKING:
    from knowledge.cache import load_kb
    from knowledge.kb import Hit, KnowledgeBase
    from knowledge.source import KnowledgeSource


def __getattr__(name: str):
    # Lazy: `import knowledge.vocabulary` (the understanding layer) must not pull in numpy/SciPy.
    if name == "load_kb":
        from knowledge.cache import load_kb
        return load_kb
    if name in ("Hit", "KnowledgeBase"):
        from knowledge import kb
        return getattr(kb, name)
    if name == "KnowledgeSource":
        from knowledge.source import KnowledgeSource
        return KnowledgeSource
    raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
