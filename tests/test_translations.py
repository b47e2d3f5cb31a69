"""Every word a user reads in our templates goes through ``{% translate %}`` or
``{% blocktranslate %}`` (the brief: everything in French, wrapped for translation).

The test lexes each template under ``templates/`` with Django's own lexer, drops what is
inside translate blocks, template tags, ``{% comment %}``, HTML comments, ``<script>``
and ``<style>``, then looks for letters left in the text between HTML tags and in the
attributes a reader or a screen reader gets (``title``, ``aria-label``, ``placeholder``,
``alt``), and in the string arguments a tag or filter prints (``{% breadcrumb "…" %}``,
``with label="…"``, ``|default:"…"``: write ``_("…")``). A word found there is a string
someone forgot to wrap.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"


# What is legitimately literal: brand and proper names, identical in every language, and
# code samples (the HTTP header shown with a new API token on « Mon compte »).
ALLOWED_WORDS = {"QIC", "Marianne", "OpenAPI", "Swagger", "Authorization", "Bearer", "ProConnect"}

# Literal on purpose in one template: the CSV column names the measurement import expects.
LITERAL_IN = {"visions/measurement_import.html": {"indicateur", "date", "valeur", "commentaire"}}
# Addresses written in text e-mails (``{{ site_url }}/connexion/``) are not words.
_PATH = re.compile(r"(?<![\w])/[\w/.-]*")

HUMAN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

_ATTRIBUTE = re.compile(
    r"""\s(?:""" + "|".join(HUMAN_ATTRIBUTES) + r""")\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_RAW_ELEMENT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_PLACEHOLDER = "\x00"  # stands for a template tag or variable
# Tags that print a string given as an argument: it must be ``_("…")``, not ``"…"``.
_TEXT_ARGUMENT = {
    "breadcrumb": re.compile(r"""(?<![(\w])(?:"([^"]*)"|'([^']*)')"""),
    "firstof": re.compile(r"""(?<![(\w])(?:"([^"]*)"|'([^']*)')"""),
    "include": re.compile(r"""\b(?:label|submit_label|title)=(?:"([^"]*)"|'([^']*)')"""),
}
# Filters whose argument is printed: ``{{ x|default:_("non renseigné") }}``.
_FILTER_TEXT = re.compile(r"""\|(?:default|default_if_none):(?:"([^"]*)"|'([^']*)')""")


def _outside_translation(source):
    """The template's text with every tag, variable and translated block replaced by a
    placeholder, and ``{% comment %}`` / ``{% verbatim %}`` blocks dropped."""
    parts = []
    closing = None  # the tag that ends the block being skipped
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            continue
        parts.append(_PLACEHOLDER)
        for literal in _FILTER_TEXT.finditer(token.contents):
            parts.extend([literal.group(1) or literal.group(2) or "", _PLACEHOLDER])
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in _TEXT_ARGUMENT:
                for literal in _TEXT_ARGUMENT[name].finditer(token.contents):
                    parts.extend([literal.group(1) or literal.group(2) or "", _PLACEHOLDER])
            if name in ("blocktranslate", "blocktrans", "comment", "verbatim"):
                closing = "end" + name
    return "".join(parts)


def untranslated_words(source, allowed=frozenset()):
    """The pieces of literal text a user would read, outside translate tags."""
    text = _HTML_COMMENT.sub(" ", _outside_translation(source))
    text = _RAW_ELEMENT.sub(" ", text)
    found = []
    for match in _ATTRIBUTE.finditer(text):
        found.append(match.group(1) if match.group(1) is not None else match.group(2))
    found.extend(_HTML_TAG.sub(_PLACEHOLDER, text).split(_PLACEHOLDER))
    leftovers = []
    for piece in found:
        piece = " ".join(_ENTITY.sub(" ", piece).replace(_PLACEHOLDER, " ").split())
        words = set(_WORD.findall(_PATH.sub(" ", piece))) - ALLOWED_WORDS - allowed
        if words:
            leftovers.append(piece)
    return leftovers


def _our_templates():
    for path in sorted(TEMPLATES_DIR.rglob("*")):
        relative = path.relative_to(TEMPLATES_DIR)
        # Stylesheets and scripts rendered as templates (the PDF's print.css) hold no text.
        if path.is_file() and path.suffix in (".html", ".txt"):
            yield relative


def test_the_checker_sees_unwrapped_text_and_accepts_wrapped_text():
    assert untranslated_words('<p title="Fermer">Bonjour {{ name }}</p>') == ["Fermer", "Bonjour"]
    assert (
        untranslated_words("<p>{% blocktranslate %}Bonjour {{ n }}{% endblocktranslate %}</p>")
        == []
    )
    assert (
        untranslated_words('<a title="{% translate "Fermer" %}">{% translate "Fermer" %}</a>') == []
    )
    assert untranslated_words("<!-- note --><p>{# note #}QIC — 12 / 14</p>") == []
    assert untranslated_words('{% breadcrumb "Sites" url _("Modifier") %}') == ["Sites"]
    assert untranslated_words('{% include "a.html" with label="Chercher" current="jobs" %}') == [
        "Chercher"
    ]
    assert untranslated_words(
        '{{ a|default:"aucun" }}{{ b|default:_("aucune") }}{{ c|default:"—" }}'
    ) == ["aucun"]
    # Django's {# #} comments are single-line: one spanning lines is printed on the page.
    assert untranslated_words("{# Une note\n sur deux lignes #}") != []
    assert untranslated_words("{{ site_url }}/connexion/") == []


@pytest.mark.parametrize("relative", list(_our_templates()), ids=str)
def test_template_text_is_wrapped_for_translation(relative):
    source = (TEMPLATES_DIR / relative).read_text(encoding="utf-8")
    assert untranslated_words(source, LITERAL_IN.get(relative.as_posix(), set())) == [], (
        f"texte à envelopper dans {{% translate %}} dans {relative}"
    )
