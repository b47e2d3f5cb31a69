"""Minutes are written in Markdown, rendered to HTML, then sanitised with nh3.

Markdown lets raw HTML through, so everything the renderer produces goes through an
allowlist: scripts and styles are dropped with their content, event handlers
(``onerror=``…) and any attribute not listed are removed, and links keep only the
http, https and mailto schemes (``javascript:`` URLs lose their ``href``).
"""

import re
import threading

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr",
    "th", "td", "dl", "dt", "dd", "abbr", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _shift_headings(html: str) -> str:
    """Minutes sit under the page's h1 and their section's h2: « # » and « ## » become
    h3, « ### » h4, and so on (h6 at most)."""
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(6, max(3, int(m[2]) + 1))}", html)


_converters = threading.local()


def _markdown() -> markdown.Markdown:
    """This thread's converter: building one loads its extensions, most of the cost of
    short minutes. An instance is not thread-safe; ``reset()`` forgets the last text
    (footnotes, abbreviations)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _converters.markdown = converter
    return converter.reset()


def render_markdown(text: str) -> SafeString:
    """Safe HTML for ``text``."""
    html = _markdown().convert(text or "")
    return mark_safe(sanitize_html(_shift_headings(html)))  # sanitised by nh3 just above
