"""Every page of the permission matrix on a phone (390 × 844): no serious or critical axe
violation, and no page wider than the screen (issue #24, « Téléphones et claviers »).

The pages and the objects they show come from the permission matrix
(tests/test_permissions.py: ``MATRIX`` and the world its rows point to), so a new page is
checked here as soon as it is in the matrix. Each page is opened once, by one persona who
may read it: member A for what a site's member sees, else the ANCT administrator (the
national pages, supervision), else whoever the matrix lets in. Pages that are not HTML
(exports, calendars, downloads) are left out. One browser page visits them all, and the
test reports every page that fails rather than stopping at the first.
"""

import time

import pytest
from django.urls import reverse

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import sign_in
from tests.conftest import client_for
from tests.test_permissions import MATRIX, OK, _resolve, _world

PHONE = {"width": 390, "height": 844}
# Who opens a page: the first of these the matrix lets read it.
READERS = ["member_a", "admin_user", "chef", "centre_user", "member_b", "observer"]

OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .slice(-3)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : ""));
  return `${document.documentElement.scrollWidth} px de large (${wide.join(", ")})`;
}"""


@pytest.fixture
def world(site_a, personas, centre, jobs_on_time):
    """The objects the matrix's URLs point to, as tests/test_permissions.py builds them."""
    return {**_world(site_a, personas, centre), "personas": personas}


def _pages(world):
    """(persona, url) of every HTML page of the matrix a signed-in persona may read."""
    pages = []
    for url_name, (method, kwargs, expected) in sorted(MATRIX.items()):
        readers = [persona for persona in READERS if expected[persona] == OK]
        if method != "get" or not readers:
            continue
        persona = readers[0]
        url = reverse(url_name, kwargs=_resolve(world, kwargs))
        response = client_for(world["personas"][persona]).get(url)
        if response.status_code == OK and response["Content-Type"].startswith("text/html"):
            pages.append((persona, url))
    return pages


def test_every_page_is_usable_on_a_phone(page, context, live_server, world):
    personas = world["personas"]
    pages = _pages(world)
    assert len(pages) > 150  # the matrix's pages, not a handful left by a broken filter
    page.set_viewport_size(PHONE)
    failures, signed_in, started = [], None, time.monotonic()
    for persona, url in sorted(pages):
        if persona != signed_in:
            context.clear_cookies()
            sign_in(context, personas[persona], live_server)
            signed_in = persona
        response = page.goto(url)
        if response.status != OK:
            failures.append(f"{persona} {url} : réponse {response.status}")
            continue
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            failures.append(f"{persona} {url} : page plus large que l'écran, {overflow}")
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{persona} {error!s}")
    elapsed = time.monotonic() - started
    print(f"{len(pages)} pages à 390 px en {elapsed:.0f} s")
    assert failures == [], f"{len(failures)} pages sur {len(pages)} :\n" + "\n".join(failures)
