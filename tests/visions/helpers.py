"""Small helpers for the visions tests."""

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def page_text(response) -> str:
    """What a reader sees: the page's text, spaces collapsed, entities decoded."""
    return " ".join(soup(response).get_text(" ").split())


def visible_text(element) -> str:
    """An element's text without its visually hidden parts (``fr-sr-only``)."""
    for hidden in element.select(".fr-sr-only"):
        hidden.decompose()
    return " ".join(element.get_text(" ").split())
