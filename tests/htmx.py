"""Check that an HTMX fragment, swapped into the page, gives the page a fresh render gives."""

from bs4 import BeautifulSoup


def assert_fragment_matches_page(client, url, selector="#resultats"):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    fragment_response = client.get(url, headers={"HX-Request": "true"})
    assert fragment_response["Vary"] and "HX-Request" in fragment_response["Vary"]
    fragment = BeautifulSoup(fragment_response.content, "html.parser")
    assert fragment.find("html") is None, "an HTMX request must not get the whole page"
    in_page = page.select_one(selector)
    swapped = fragment.select_one(selector)
    assert in_page is not None and swapped is not None
    assert swapped.decode() == in_page.decode()
    return swapped
