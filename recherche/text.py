"""Text helpers of the search: accent folding, the words of a query, highlighted parts.

Highlighting never builds markup from user text: it cuts a text into parts, each marked
or not, and the template (or ``parts_html``, which escapes every part) writes them.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape

# Sentinels that PostgreSQL's ts_headline puts around matched words (StartSel/StopSel);
# removed from indexed text so that no stored text can fake a match.
START, STOP = "\x02", "\x03"
MAX_QUERY_LENGTH = 200
MIN_TERM_LENGTH = 2


@dataclass(frozen=True)
class Part:
    text: str
    match: bool = False


def fold(text: str) -> str:
    """Lower case without accents: « Équipé » → « equipe »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (kept or char).lower()


def clean(text: str) -> str:
    """Indexed text: the sentinels and NUL removed, spaces collapsed."""
    text = text.replace(START, " ").replace(STOP, " ").replace("\x00", " ")
    return re.sub(r"\s+", " ", text).strip()


def terms(query: str) -> list[str]:
    """The words of a query, folded, without duplicates; one-letter words left out."""
    seen: list[str] = []
    for word in re.findall(r"\w+", fold(query or "")):
        if len(word) >= MIN_TERM_LENGTH and word not in seen:
            seen.append(word)
    return seen


def split_marked(text: str) -> list[Part]:
    """Parts of a text whose matches PostgreSQL wrapped in the sentinels."""
    parts: list[Part] = []
    for piece in re.split(f"({START}.*?{STOP})", text or ""):
        if not piece:
            continue
        if piece.startswith(START) and piece.endswith(STOP):
            parts.append(Part(piece[1:-1], True))
        else:
            parts.append(Part(piece.replace(START, "").replace(STOP, "")))
    return parts


def highlight(text: str, words: list[str]) -> list[Part]:
    """Parts of ``text`` with every occurrence of a folded word (accents ignored) marked."""
    if not text:
        return []
    # Folding character by character keeps a map from folded positions to original ones.
    folded, origin = [], []
    for index, char in enumerate(text):
        for folded_char in _fold_char(char):
            folded.append(folded_char)
            origin.append(index)
    folded_text = "".join(folded)
    spans = []
    for word in words:
        for found in re.finditer(re.escape(word), folded_text):
            start, end = origin[found.start()], origin[found.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, position = [], 0
    for start, end in merged:
        if start > position:
            parts.append(Part(text[position:start]))
        parts.append(Part(text[start:end], True))
        position = end
    if position < len(text):
        parts.append(Part(text[position:]))
    return parts


def excerpt(text: str, words: list[str], width: int = 160) -> str:
    """Up to ``width`` characters of ``text`` around its first match (the start if none)."""
    if len(text) <= width:
        return text
    folded = fold(text)
    first = min((folded.find(word) for word in words if word in folded), default=0)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    start = max(0, end - width)
    cut = text[start:end]
    return ("…" if start else "") + cut + ("…" if end < len(text) else "")


def parts_html(parts: list[Part]) -> str:
    """The parts as HTML, every part escaped, matches in ``<mark>`` (for the API)."""
    return "".join(
        f"<mark>{escape(part.text)}</mark>" if part.match else str(escape(part.text))
        for part in parts
    )
