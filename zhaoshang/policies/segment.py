"""Chinese word segmentation for the full-text index (jieba).

The index and the queries are segmented by the same function with the same dictionary (jieba's
bundled one plus the county's own words in ``data/words.txt``), so a word a staff member types
is cut the way the text was cut. The databases then index space-separated words: SQLite's FTS5
(unicode61 tokenizer) and PostgreSQL's ``simple`` text search configuration.
"""

import logging
import re
import threading
from pathlib import Path

import jieba

WORDS = Path(__file__).resolve().parent / "data" / "words.txt"
_TOKEN = re.compile(r"\w", re.UNICODE)
_lock = threading.Lock()
_tokenizer = None


def tokenizer():
    """One jieba tokenizer per process, loaded on first use (about a second)."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            made = jieba.Tokenizer()
            made.initialize()
            made.load_userdict(str(WORDS))
            _tokenizer = made
    return _tokenizer


def _clean(words):
    return [w.strip().lower() for w in words if _TOKEN.search(w)]


def index_words(text):
    """The words of ``text`` for the index: jieba's search mode emits both a long word and the
    shorter words inside it (标准厂房 → 标准, 厂房, 标准厂房), so either is found."""
    return " ".join(_clean(tokenizer().cut_for_search(text or "")))


def query_groups(query):
    """What a search asks for: one group per space-separated part of the query, each group the
    words jieba cuts that part into. All groups must match (each word within a group too)."""
    groups = []
    for part in (query or "").split():
        words = _clean(tokenizer().cut(part))
        if words:
            groups.append(words)
    return groups


def highlight_terms(query):
    """The words to mark in snippets: the typed parts and the words they were cut into,
    longest first so that a long word is marked whole."""
    terms = set()
    for part in (query or "").split():
        if _TOKEN.search(part):
            terms.add(part.lower())
    for group in query_groups(query):
        terms.update(group)
    return sorted(terms, key=len, reverse=True)
