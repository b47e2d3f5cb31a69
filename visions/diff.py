"""A readable word-level comparison of two texts (difflib), for the vision's versions."""

import dataclasses
import difflib
import re

# Words (with their apostrophes and hyphens), runs of spaces, single punctuation marks.
_TOKENS = re.compile(r"\s+|[\w’'-]+|[^\w\s]")

# The kinds of the segments: text in both, removed from the old, added in the new.
SAME, REMOVED, ADDED = "same", "removed", "added"


@dataclasses.dataclass(frozen=True)
class WordDiff:
    segments: list[tuple[str, str]]  # (SAME | REMOVED | ADDED, text), in reading order
    added: int  # words added
    removed: int  # words removed

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed)


def _words(tokens) -> int:
    return sum(1 for token in tokens if not token.isspace())


def word_diff(old: str, new: str) -> WordDiff:
    """``new`` compared with ``old``, as segments of text kept, removed and added
    (templates/visions/version_diff.html shows them with ``<del>`` and ``<ins>``)."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    segments, added, removed = [], 0, 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append((SAME, "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            removed += _words(a[i1:i2])
            segments.append((REMOVED, "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            added += _words(b[j1:j2])
            segments.append((ADDED, "".join(b[j1:j2])))
    return WordDiff(segments, added, removed)
