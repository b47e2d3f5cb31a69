"""HTML templates to PDF with WeasyPrint, in the DSFR's font (Marianne) when found.

Templates extend ``reports/pdf/base.html`` (print stylesheet: A4, header with the
report's subject, date and page number in the footer, tables whose header row repeats
and whose rows never split across pages). Charts are the pages' SVG (``qic.charts``),
inlined: WeasyPrint draws them as vectors.
"""

import logging
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# WeasyPrint logs each step, and fontTools each font it reads, at INFO: not for our logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_FILES = {
    ("normal", 400): "Marianne-Regular.woff2",
    ("italic", 400): "Marianne-Regular_Italic.woff2",
    ("normal", 700): "Marianne-Bold.woff2",
    ("normal", 300): "Marianne-Light.woff2",
}


@cache
def font_faces() -> str:
    """``@font-face`` rules for Marianne from django-dsfr's static files (none if absent)."""
    rules = []
    for (style, weight), name in FONT_FILES.items():
        found = finders.find(f"dsfr/dist/fonts/{name}")
        if found:
            uri = Path(found).resolve().as_uri()
            rules.append(
                f"@font-face {{ font-family: Marianne; font-style: {style}; "
                f"font-weight: {weight}; src: url('{uri}'); }}"
            )
    return "\n".join(rules)


def _font_uris() -> set[str]:
    return {
        Path(found).resolve().as_uri()
        for name in FONT_FILES.values()
        if (found := finders.find(f"dsfr/dist/fonts/{name}"))
    }


def url_fetcher():
    """A fetcher of our font files only: a report never fetches anything else (no
    network, no file named by data)."""
    from weasyprint.urls import URLFetcher

    allowed = _font_uris()

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.split("?")[0] not in allowed:
                raise ValueError(f"Ressource refusée dans un rapport : {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=["file"])


def write_pdf(template_name: str, context: dict, path: Path) -> None:
    """Render ``template_name`` with ``context`` into a PDF file at ``path``."""
    from weasyprint import HTML  # heavy import: only in the worker, only when needed

    html = render_to_string(template_name, {**context, "font_faces": font_faces()})
    HTML(string=html, base_url=str(path.parent), url_fetcher=url_fetcher()).write_pdf(str(path))


def write_pdf_counting(template_name: str, context: dict, path: Path) -> int:
    """As ``write_pdf``, and return the number of pages written."""
    from weasyprint import HTML

    html = render_to_string(template_name, {**context, "font_faces": font_faces()})
    document = HTML(string=html, base_url=str(path.parent), url_fetcher=url_fetcher()).render()
    document.write_pdf(str(path))
    return len(document.pages)


def concatenate(parts: list[Path], path: Path) -> None:
    """The PDF files ``parts``, one after the other, into ``path``, with the first part's
    document information (title, author: from the template's ``<title>`` and meta)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    if parts and (metadata := PdfReader(str(parts[0])).metadata):
        writer.add_metadata({key: str(value) for key, value in metadata.items()})
    with path.open("wb") as handle:
        writer.write(handle)
    writer.close()
