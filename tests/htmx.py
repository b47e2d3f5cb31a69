"""Check that an HTMX fragment, swapped into the page, gives the page a fresh render gives."""

from bs4 import BeautifulSoup


def _without_csrf_values(element):
    # Django masks the CSRF token differently in every response: same token, other text.
    for field in element.select("input[name=csrfmiddlewaretoken]"):
        field["value"] = "…"
    return element


def assert_fragment_matches_page(client, url, selector="#resultats"):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    fragment_response = client.get(url, headers={"HX-Request": "true"})
    assert fragment_response["Vary"] and "HX-Request" in fragment_response["Vary"]
    fragment = BeautifulSoup(fragment_response.content, "html.parser")
    assert fragment.find("html") is None, "an HTMX request must not get the whole page"
    in_page = page.select_one(selector)
    swapped = fragment.select_one(selector)
    assert in_page is not None and swapped is not None
    assert _without_csrf_values(swapped).decode() == _without_csrf_values(in_page).decode()
    return swapped
