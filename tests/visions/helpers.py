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


def without_csrf(element):
    """The element's markup with CSRF tokens blanked: they differ on every response."""
    for token in element.select("input[name=csrfmiddlewaretoken]"):
        token["value"] = ""
    return element.decode()


def assert_fragment_matches_page_with_forms(client, url, selector):
    """``tests.htmx.assert_fragment_matches_page`` for fragments holding POST forms."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(url).content, "html.parser")
    response = client.get(url, headers={"HX-Request": "true"})
    assert "HX-Request" in response["Vary"]
    fragment = BeautifulSoup(response.content, "html.parser")
    assert fragment.find("html") is None, "an HTMX request must not get the whole page"
    in_page, swapped = page.select_one(selector), fragment.select_one(selector)
    assert in_page is not None and swapped is not None
    assert without_csrf(swapped) == without_csrf(in_page)
    return swapped
