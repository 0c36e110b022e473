"""The understanding layer's derived data, cached next to the compiled KB so a process starts fast.

Building a lexicon means pinyin for every word (and importing pypinyin, ≈ 0.2 s), and with a
national KB listing 200,000 names; none of it changes until the vocabulary, the station file or
the code of intents/ does. So it is written once to cache_dir and read back with marshal:

    lexicon-<key>.bin   the Lexicon's plain data (Lexicon.to_plain), key = sha256 of FORMAT,
                        every intents/*.py, vocabulary.yaml and the KB's own cache key
    pinyin-<key>.bin    the toneless readings of every CJK character, key = pypinyin's version

Each file is a sha256 digest followed by its marshal body; one that does not match (truncated,
corrupt, another format) is rebuilt, never trusted. Writes go to a temporary name and are
renamed into place, so concurrent processes only ever read whole files.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from knowledge.vocabulary import DEFAULT_PATH as VOCABULARY_PATH

log = logging.getLogger(__name__)

FORMAT = 1                    # bump when Lexicon.to_plain's layout changes
_DIGEST = 32
_INTENTS_DIR = Path(__file__).resolve().parent


def lexicon_key(kb_key: str) -> str:
    """Changes whenever anything the lexicon is derived from changes — including this package's
    code, so an edited cue list or name rule can never be served from an old cache."""
    h = hashlib.sha256(f"lexicon {FORMAT}\n{kb_key}\n".encode())
    h.update(hashlib.sha256(VOCABULARY_PATH.read_bytes()).digest())
    for path in sorted(_INTENTS_DIR.glob("*.py")):
        h.update(path.name.encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:32]


def readings_key() -> str:
    try:
        version = metadata.version("pypinyin")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return hashlib.sha256(f"readings {FORMAT} pypinyin {version}".encode()).hexdigest()[:32]


def cached(cache_dir: str | Path | None, name: str, build: Callable[[], Any]) -> Any:
    """The plain data in cache_dir/name, or build() it and write it there (best effort: a
    read-only disk only costs the build at every start)."""
    if cache_dir is None:
        return build()
    path = Path(cache_dir) / name
    data = _read(path)
    if data is not None:
        return data
    data = build()
    _write(path, data)
    return data


def _read(path: Path) -> Any:
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    digest, body = blob[:_DIGEST], blob[_DIGEST:]
    if hashlib.sha256(body).digest() != digest:
        log.warning("cache file %s is corrupt: rebuilding it", path.name)
        return None
    try:
        return marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None


def _write(path: Path, data: Any) -> None:
    try:
        body = marshal.dumps(data)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(hashlib.sha256(body).digest() + body)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _prune(path.parent, path.name.split("-", 1)[0], keep=path.name)
    except (OSError, ValueError) as e:
        log.warning("cannot write the cache file %s (%s): it is rebuilt at each start", path, e)


def _prune(root: Path, prefix: str, keep: str, max_entries: int = 4) -> None:
    """Keep the newest few files of a kind (other processes may still use an older KB)."""
    old = sorted((p for p in root.glob(f"{prefix}-*.bin") if p.name != keep),
                 key=lambda p: p.stat().st_mtime, reverse=True)
    for p in old[max_entries - 1:]:
        try:
            p.unlink()
        except OSError:
            pass
