"""A readable word-level comparison of two texts (difflib), for the vision's versions."""

import dataclasses
import difflib
import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Words (with their apostrophes and hyphens), runs of spaces, single punctuation marks.
_TOKENS = re.compile(r"\s+|[\w’'-]+|[^\w\s]")


@dataclasses.dataclass(frozen=True)
class WordDiff:
    html: SafeString
    added: int  # words added
    removed: int  # words removed

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed)


def _words(tokens) -> int:
    return sum(1 for token in tokens if not token.isspace())


def word_diff(old: str, new: str) -> WordDiff:
    """``new`` compared with ``old``: removed words in ``<del>``, added ones in ``<ins>``.

    Each change also carries visually hidden words (« début de suppression »…) since
    screen readers do not announce ``<del>`` and ``<ins>``.
    """
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    parts, added, removed = [], 0, 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            removed += _words(a[i1:i2])
            parts.append(
                format_html(
                    '<del class="qic-diff__del"><span class="fr-sr-only">[début de suppression] '
                    '</span>{}<span class="fr-sr-only"> [fin de suppression]</span></del>',
                    "".join(a[i1:i2]),
                )
            )
        if op in ("insert", "replace"):
            added += _words(b[j1:j2])
            parts.append(
                format_html(
                    '<ins class="qic-diff__ins"><span class="fr-sr-only">[début d\'ajout] </span>'
                    '{}<span class="fr-sr-only"> [fin d\'ajout]</span></ins>',
                    "".join(b[j1:j2]),
                )
            )
    return WordDiff(mark_safe("".join(parts)), added, removed)
