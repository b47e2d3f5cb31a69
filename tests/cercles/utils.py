from bs4 import BeautifulSoup

HTMX = {"HX-Request": "true"}


def page_text(response) -> str:
    """What a reader sees of a response: its text, HTML entities decoded."""
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
