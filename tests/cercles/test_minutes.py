"""Minutes are Markdown: rendered, and anything that could run in a reader's browser is
removed before it reaches the page."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cercles.rendering import render_markdown
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HOSTILE = """## Relevé de décisions

Le **forum** aura lieu en mai.

<script>fetch('/engagements/?vol=' + document.cookie)</script>
<img src="x" onerror="alert('img')">
<p onclick="alert('p')" style="color:red">Paragraphe piégé</p>
[Voir le programme](javascript:alert('lien'))
<a href="JaVaScRiPt:alert('html')">lien HTML</a>
<a href="https://www.anct.gouv.fr/">l'ANCT</a>
<iframe src="https://exemple.fr"></iframe>
"""


def test_hostile_minutes_are_neutralised_in_the_rendered_meeting_page(
    cercle_world, member_a, observer
):
    meeting = cercle_world["meeting"]
    client_for(member_a).post(
        reverse("cercles:minutes_edit", args=[meeting.pk]), {"minutes": HOSTILE}
    )
    meeting.refresh_from_db()
    assert "<script>" in meeting.minutes  # kept as typed: it is the rendering that is made safe

    page = BeautifulSoup(
        client_for(observer).get(meeting.get_absolute_url()).content, "html.parser"
    )
    minutes = page.select_one(".qic-minutes")
    assert minutes.select_one("h3").text == "Relevé de décisions"  # under the section's h2
    assert minutes.select_one("strong").text == "forum"
    html = str(minutes)
    assert "<script" not in html and "document.cookie" not in html
    assert "onerror" not in html and "onclick" not in html and "style=" not in html
    assert "javascript:" not in html.lower()
    assert "<iframe" not in html and "<img" not in html
    links = {a.text: a.get("href") for a in minutes.select("a")}
    assert links["Voir le programme"] is None and links["lien HTML"] is None
    assert links["l'ANCT"] == "https://www.anct.gouv.fr/"
    assert "Paragraphe piégé" in minutes.text  # the text stays, the handler goes
    # The page's own scripts are the only ones: the DSFR and htmx, loaded from files.
    assert all(script.get("src") for script in page.select("script"))


def test_the_sanitiser_keeps_what_minutes_need():
    html = render_markdown(
        "# Titre\n\n### Sous-titre\n\n- un\n- deux\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> citation"
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("h3").text == "Titre"  # the page has the h1, the section the h2
    assert soup.select_one("h4").text == "Sous-titre"
    assert [li.text for li in soup.select("li")] == ["un", "deux"]
    assert soup.select_one("table td").text == "1"
    assert soup.select_one("blockquote")
