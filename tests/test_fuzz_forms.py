"""Every page and form of the site, sent hostile values, never answers 5xx.

For every URL of the permission matrix (tests/test_permissions.py), as an ANCT
administrator and as a site member: the page is read, then each form it holds is sent

- every field at once set to each hostile value (numbers of 4,000 digits, year 1 and
  year 9999, NUL characters — which PostgreSQL refuses in text —, very long text,
  unicode, empty, several values where one is expected, invalid choices, the ids of
  another site's objects…);
- each field alone set to a few of them, the other fields keeping the values the page
  gave, so that validation goes past the first refused field;

and every GET form (filters) and the pagination get the same values in the query
string; the address of each page with an id gets ids beyond 64 bits. Nothing may answer
5xx, and a form that is refused (re-rendered, 4xx) must have changed nothing: no
change-journal entry, no row added or removed.

A fixed list of values, not random ones, so that CI is reproducible; run it on
PostgreSQL too (NUL characters and integer ranges differ there).
"""

import re
import time
from urllib.parse import urlsplit

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.db import transaction
from django.db.models import Count, Max
from django.forms import BaseForm, BaseFormSet
from django.urls import Resolver404, resolve, reverse

from tests import factories
from tests.conftest import client_for
from tests.test_permissions import MATRIX, _resolve
from tests.test_permissions import fresh_world as world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

HUGE = "9" * 4_000
# Sent in every field of a form at once (with the ids of another site's objects, and
# several values for each field).
HOSTILE = [
    HUGE,
    "1" + "0" * 20,  # beyond 64 bits
    "0001-01-01",
    "9999-12-31",
    "31/12/9999 23:59",
    "texte\x00nul",
    "é" * 5_000 + " 👩🏽‍🚀 \u202eنص\u200b",
    "",
    "licorne",
]
# Then each field alone gets one of these in turn, the others keeping their values.
PER_FIELD = ["texte\x00nul", HUGE, "9999-12-31", "-" + HUGE, "1" + "0" * 20]
# Pages whose forms only confirm a deletion, an anonymisation or a logout: their POST
# acts on the page's object whatever the values, and would empty the world of the
# pages fuzzed after them. Their GET and their address are still fuzzed.
NOT_POSTED = re.compile(r"delete|anonymise|logout|_end$|_remove$|revoke")


@pytest.fixture
def other_site_ids(site_b):
    """The ids of site B's objects: what an attacker on site A would try."""
    objective = factories.ObjectiveFactory(vision=factories.VisionFactory(site=site_b))
    indicator = factories.IndicatorFactory(objective=objective)
    action = factories.ActionFactory(site=site_b)
    cercle = factories.CercleFactory(site=site_b)
    meeting = factories.MeetingFactory(cercle=cercle)
    personne = factories.PersonneFactory(sites=[site_b])
    objects = [site_b, objective, indicator, action, cercle, meeting, personne]
    return sorted({str(obj.pk) for obj in objects})


def footprint():
    """What a refused form must leave as it was: the change journal, where every creation,
    change and deletion of a domain model is written (tests/test_history.py)."""
    return LogEntry.objects.aggregate(count=Count("pk"), last=Max("pk"))


def has_form_errors(response) -> bool:
    """The page came back with a form's errors: the request was refused."""
    context = response.context
    if context is None:
        return False
    for layer in context if isinstance(context, list) else [context]:
        for value in layer.flatten().values():
            form = isinstance(value, BaseForm | BaseFormSet) and value.is_bound
            if form and not value.is_valid():
                return True
    return False


def forms_of(response, page_url):
    """(method, action path, {name: [values]}) of each form of the page."""
    if "html" not in response.get("Content-Type", ""):
        return []
    found = []
    for form in BeautifulSoup(response.content, "html.parser").find_all("form"):
        action = urlsplit(form.get("action") or page_url).path or page_url
        try:
            view_name = resolve(action).view_name
        except Resolver404:
            continue
        if view_name.startswith("api:") or NOT_POSTED.search(view_name):
            continue
        fields: dict[str, list[str]] = {}
        for element in form.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or element.get("type") in ("submit", "button", "image"):
                continue
            values = fields.setdefault(name, [])
            if element.name == "select":
                chosen = (
                    element.find_all("option", selected=True)[:1] or element.find_all("option")[:1]
                )
                values.extend(option.get("value", option.text) for option in chosen)
            elif element.name == "textarea":
                values.append(element.text)
            elif element.get("type") in ("checkbox", "radio"):
                if element.has_attr("checked"):
                    values.append(element.get("value", "on"))
            elif element.get("type") != "file":
                values.append(element.get("value", ""))
        found.append(((form.get("method") or "get").lower(), action, fields))
    return found


def huge_ids(kwargs):
    """The address's integer ids replaced by a number beyond 64 bits."""
    return {
        key: 10**20 if isinstance(value, int) and key != "year" else value
        for key, value in kwargs.items()
    }


class Fuzzer:
    def __init__(self, client, other_ids):
        self.client = client
        self.other_ids = other_ids
        self.failures = []
        self.requests = 0
        self.seen = set()
        self.slowest = (0.0, "", "")

    def check(self, method, url, data, response, before):
        self.requests += 1
        shown = self.shown(data)
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {url} {shown}: {response.status_code}")
            return
        refused = method == "post" and (response.status_code >= 400 or has_form_errors(response))
        if refused and footprint() != before:
            self.failures.append(f"POST {url} {shown}: refused but wrote")

    def send(self, method, url, data):
        before = footprint() if method == "post" else None
        started = time.monotonic()
        try:
            # A savepoint: after a database error, PostgreSQL refuses every query of the
            # transaction until it is rolled back.
            with transaction.atomic():
                response = getattr(self.client, method)(url, data)
        except Exception as exc:  # the test client re-raises what would be a 500
            self.requests += 1
            self.failures.append(f"{method.upper()} {url} {self.shown(data)}: {exc!r}"[:500])
            return None
        self.check(method, url, data, response, before)
        self.slowest = max(self.slowest, (time.monotonic() - started, method, url))
        return response

    @staticmethod
    def shown(data):
        return {k: (v if len(str(v)) < 40 else f"{str(v)[:20]}…") for k, v in data.items()}

    def fuzz_form(self, method, action, fields):
        key = (method, action, tuple(sorted(fields)))
        if key in self.seen or not fields:
            return
        self.seen.add(key)
        names = [name for name in fields if name != "csrfmiddlewaretoken"]
        for value in [*HOSTILE, *self.other_ids]:
            self.send(method, action, dict.fromkeys(names, value))
        # Several values where one is expected.
        self.send(method, action, {name: ["1", "2", HUGE] for name in names})
        if method != "post":
            return
        baseline = {name: values for name, values in fields.items() if values}
        for index, name in enumerate(names):
            value = PER_FIELD[(index + len(self.seen)) % len(PER_FIELD)]
            self.send(method, action, {**baseline, name: value})

    def fuzz_page(self, url_name, method, kwargs):
        url = reverse(url_name, kwargs=kwargs)
        if kwargs and huge_ids(kwargs) != kwargs:
            self.send(method, reverse(url_name, kwargs=huge_ids(kwargs)), {})
        if method == "post":  # an action without a page: its address is all there is
            return
        self.send("get", url, {"page": "9" * 30, "site": "9" * 30, "cohort": "-" + HUGE})
        self.send("get", url, {"q": "\x00"})
        response = self.send("get", url, {})
        if response is None or response.status_code != 200:
            return
        for form_method, action, fields in forms_of(response, url):
            self.fuzz_form(form_method, action, fields)


def namespace(url_name: str) -> str:
    return url_name.partition(":")[0] if ":" in url_name else "projet"


# One test per application and persona: each starts from a fresh world, and they spread
# over the workers of ``pytest -n``.
NAMESPACES = sorted({namespace(name) for name in MATRIX})


@pytest.mark.parametrize("app", NAMESPACES)
@pytest.mark.parametrize("persona", ["admin_user", "member_a"])
def test_no_form_or_page_answers_5xx(persona, app, world, personas, other_site_ids, capsys):  # noqa: F811
    started = time.monotonic()
    fuzzer = Fuzzer(client_for(personas[persona]), other_site_ids)
    for url_name in sorted(name for name in MATRIX if namespace(name) == app):
        method, kwargs, _expected = MATRIX[url_name]
        if "logout" in url_name:
            continue
        try:
            resolved = _resolve(world, kwargs)
        except Exception:  # an object a page fuzzed before deleted: nothing left to fuzz
            continue
        fuzzer.fuzz_page(url_name, method, resolved)
    with capsys.disabled():
        print(
            f"\nform fuzzing of {app} as {persona}: {fuzzer.requests} requests, "
            f"{len(fuzzer.failures)} failing, {time.monotonic() - started:.1f} s; slowest: "
            f"{fuzzer.slowest[1].upper()} {fuzzer.slowest[2]} {fuzzer.slowest[0]:.1f} s"
        )
    assert fuzzer.requests > 0
    assert not fuzzer.failures, "\n".join(fuzzer.failures)


def test_every_application_is_fuzzed():
    assert set(NAMESPACES) >= {"accounts", "quartiers", "visions", "cercles", "reports"}
