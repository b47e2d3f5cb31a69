"""Every page has its own ``<title>``: the first thing a screen reader announces, and what
a browser tab, a bookmark and the history show (RGAA 8.6)."""

import re
from collections import defaultdict

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.test_permissions import MATRIX, _resolve
from tests.test_permissions import fresh_world as world  # noqa: F401

# The home page is the dashboard of the user's role: the same page at two addresses.
SAME_PAGE = {"home"}
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _title(response) -> str | None:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    found = TITLE.search(response.content.decode())
    return " ".join(found.group(1).split()) if found else None


@pytest.mark.django_db
def test_no_two_pages_share_a_title(world, personas):  # noqa: F811
    client = client_for(personas["admin_user"])
    pages = [
        (name, reverse(name, kwargs=_resolve(world, kwargs)))
        for name, (method, kwargs, _expected) in MATRIX.items()
        if method == "get"
    ]
    # Pages of one view that differ by their arguments: the three trinôme seats.
    site = world["site"]
    pages += [
        (
            f"quartiers:trinome_assign[{seat}]",
            reverse("quartiers:trinome_assign", args=[site.pk, seat]),
        )
        for seat in ("collectivite", "etat", "association")
    ]
    titles, seen = defaultdict(set), set()
    for name, url in pages:
        if name in SAME_PAGE or url in seen:
            continue
        seen.add(url)
        title = _title(client.get(url))
        if title is not None:
            titles[title].add(name)
    shared = {title: sorted(names) for title, names in titles.items() if len(names) > 1}
    assert shared == {}, "\n".join(f"{t}: {n}" for t, n in shared.items())
