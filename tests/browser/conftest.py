"""Real-browser tests: Playwright driving Debian's Chromium against Django's live server.

No tool downloads a browser: the system Chromium (``apt-get install chromium``) is used.
Where it is absent the tests are skipped with a message, unless ``QIC_REQUIRE_BROWSER`` is
set (CI sets it), in which case they fail.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("QIC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HERE = Path(__file__).parent

# The two sizes every persona's journeys are checked at (issue #24): a laptop and a phone.
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# ``@both_sizes`` on a journey runs it once per size; the others run on the desktop only.
both_sizes = pytest.mark.parametrize(
    "viewport", [DESKTOP, PHONE], ids=["desktop", "phone"], indirect=True
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "console_errors_allowed(pattern): the console errors matching the regular "
        "expression are the point of the journey (a comment says why); any other one "
        "still fails it",
    )


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if HERE in Path(item.fspath).parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if browser_items and not Path(CHROMIUM).exists():
        if os.environ.get("QIC_REQUIRE_BROWSER"):
            raise pytest.UsageError(
                f"Chromium introuvable ({CHROMIUM}) alors que QIC_REQUIRE_BROWSER est défini."
            )
        skip = pytest.mark.skip(
            reason="Chromium absent : installez le paquet Debian « chromium » pour lancer les parcours navigateur."
        )
        for item in browser_items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def viewport(request):
    """The window's size: the desktop's, unless the journey is marked ``@both_sizes``."""
    return getattr(request, "param", DESKTOP)


def is_phone(page) -> bool:
    """Below the DSFR's « lg » breakpoint the header folds behind « Menu »."""
    return page.viewport_size["width"] < 992


def main_menu(page):
    """The main menu's navigation: on a phone, opened first with « Menu »."""
    if is_phone(page):
        page.locator("#bouton-menu-mobile").click()
    return page.get_by_role("navigation", name="Menu principal")


def open_filters(page):
    """On a phone a list's filters are folded in a closed ``<details>`` (« Filtres »)."""
    if is_phone(page):
        page.locator("details.qic-filters > summary").first.click()


def open_header_search(page):
    """On a phone the header's search box is behind « Rechercher »."""
    if is_phone(page):
        page.locator("#bouton-recherche").click()


@pytest.fixture
def browser_context_args(browser_context_args, live_server, viewport):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "fr-FR",
        "timezone_id": "Europe/Paris",
        "viewport": viewport,
    }


@pytest.fixture(autouse=True)
def _browser_db(transactional_db):
    """The live server runs in another thread: data must be committed to be seen."""


class ConsoleErrors(list):
    """Console errors (CSP violations, missing files, failed requests) and uncaught
    JavaScript exceptions of every page of the journey, in every browser context."""

    def watch(self, context):
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.append(f"exception : {error.error}"))
        return context

    def _on_console(self, message):
        if message.type == "error":
            url = message.location.get("url") or ""
            self.append(f"{message.text} ({url})" if url else message.text)


@pytest.fixture(autouse=True)
def console_errors(request, context, browser, monkeypatch):
    """Every browser journey ends with no console error: they are collected from the
    test's context and from any context it opens, and listed when the test ends.

    Where an error is the point of the journey (a page that must answer 404), mark it
    ``@pytest.mark.console_errors_allowed(r"pattern")``, with a comment saying why: only
    the errors that match are tolerated."""
    errors = ConsoleErrors()
    errors.watch(context)
    new_context = browser.new_context
    monkeypatch.setattr(
        browser, "new_context", lambda *args, **kwargs: errors.watch(new_context(*args, **kwargs))
    )
    yield errors
    allowed = [re.compile(m.args[0]) for m in request.node.iter_markers("console_errors_allowed")]
    unexpected = [e for e in errors if not any(p.search(e) for p in allowed)]
    if unexpected:
        pytest.fail(
            "Erreurs dans la console du navigateur :\n" + "\n".join(f"- {e}" for e in unexpected),
            pytrace=False,
        )


def sign_in(context, user, live_server):
    """Open a session for ``user`` without going through the login form."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
