"""The page chrome every HTML page renders (templates/layout/): what the per-process
caches of its URLs give must be what Django computes on each request."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from whitenoise.storage import CompressedManifestStaticFilesStorage

from accounts.enums import Role
from qic.staticfiles import CachedUrlManifestStaticFilesStorage
from tests import factories
from tests.conftest import client_for


def test_static_urls_are_the_manifest_ones(tmp_path):
    manifest = {"paths": {"css/qic.css": "css/qic.0123abcd.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    options = {"location": tmp_path, "base_url": "/static/"}
    cached = CachedUrlManifestStaticFilesStorage(**options)
    plain = CompressedManifestStaticFilesStorage(**options)

    assert cached.url("css/qic.css") == plain.url("css/qic.css") == "/static/css/qic.0123abcd.css"
    assert cached.url("css/qic.css") == "/static/css/qic.0123abcd.css"  # from the cache
    with pytest.raises(ValueError):  # a missing file still fails, and is not cached
        cached.url("css/absent.css")


def _menu(response):
    return [(item["label"], item["url"], item["current"]) for item in response.context["main_menu"]]


# Users without a site: a site fixture would create a QPV and shift the factories'
# sequences that other test files rely on.
def test_the_main_menu_links_and_marks_the_current_section(db):
    member = factories.UserFactory(role=Role.MEMBRE)
    response = client_for(member).get(reverse("quartiers:site_list"))

    menu = _menu(response)
    assert ("Accueil", "/", False) in menu
    assert ("Mes sites", reverse("quartiers:site_list"), True) in menu
    assert ("Mes engagements", reverse("cercles:my_commitments"), False) in menu
    assert "Utilisateurs" not in [label for label, _url, _current in menu]
    assert f'href="{reverse("notifications:list")}"' in response.content.decode()


NATIONAL_ITEMS = {
    "Quartiers prioritaires",
    "Structures",
    "Personnes",
    "Centres de ressources",
    "Formation-action",
}


@pytest.mark.parametrize("role", [Role.MEMBRE, Role.CENTRE, Role.OBSERVATEUR])
def test_a_local_role_sees_its_sites_and_no_national_item(db, role):
    user = factories.UserFactory(role=role)
    labels = [label for label, _url, _current in _menu(client_for(user).get("/"))]
    assert labels == [
        "Accueil",
        "Mes sites",
        "Visions",
        "Pratiques inspirantes",
        "Mes engagements",
        "Rapports",
    ]
    assert not NATIONAL_ITEMS & set(labels)


def test_a_national_chef_sees_the_programme(db):
    chef = factories.UserFactory(role=Role.CHEF_DE_PROJET)
    labels = {label for label, _url, _current in _menu(client_for(chef).get("/"))}
    assert NATIONAL_ITEMS | {"Sites", "Rapports"} <= labels
    assert "Utilisateurs" not in labels


def test_the_admin_menu_adds_the_users(admin_user):
    response = client_for(admin_user).get(reverse("mentions_legales"))

    menu = _menu(response)
    assert ("Utilisateurs", reverse("quartiers:user_list"), False) in menu
    assert ("Accueil", "/", False) in menu
    assert f'href="{reverse("supervision_jobs")}"' in response.content.decode()


def test_the_error_page_fits_a_phone_and_lets_the_keyboard_skip_to_its_content(rf):
    from qic.views import server_error

    page = server_error(rf.get("/une-page/")).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<a href="#contenu">Aller au contenu</a>' in page
    assert '<main id="contenu"' in page


def test_filters_are_not_marked_optional_but_form_fields_are(admin_user):
    """Every filter is optional: saying so on each is noise. A form's optional field still
    says it (the DSFR marks optional fields, not required ones)."""
    client = client_for(admin_user)
    filters = client.get(reverse("dashboards:national")).content.decode()
    assert "Statut" in filters and "(Optionnel)" not in filters
    assert "Réinitialiser les filtres" in filters
    # Every page's filters: the lists, the journal, the documents, the actors' map.
    site = factories.SiteFactory()
    for url in [
        reverse("quartiers:structure_list"),
        reverse("cercles:my_commitments"),
        reverse("cercles:site_journal", args=[site.pk]),
        reverse("cercles:site_documents", args=[site.pk]),
        reverse("cooperation:site_map", args=[site.pk]),
    ]:
        assert "(Optionnel)" not in client.get(url).content.decode(), url
    form = client.get(reverse("quartiers:structure_create")).content.decode()
    assert "(Optionnel)" in form


TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
_TABLE_MARKS = re.compile(r"<table\b|\{% table_scroll\b|\{% endtable_scroll %\}")


def _tables_outside_the_scroll_markup(text):
    """Positions of the ``<table>``s of a template that no {% table_scroll %} wraps."""
    outside, depth = [], 0
    for mark in _TABLE_MARKS.finditer(text):
        if mark.group() == "<table":
            if depth == 0:
                outside.append(text.count("\n", 0, mark.start()) + 1)
        elif mark.group().startswith("{% table_scroll"):
            depth += 1
        else:
            depth -= 1
    return outside


@pytest.mark.parametrize(
    ("query", "folded"),
    [("", True), ("?page=2", True), ("?tri=-nom&page=2", True), ("?q=", True), ("?q=Lyon", False)],
)
def test_filters_behind_their_button_open_only_when_a_filter_is_set(admin_user, query, folded):
    """On a phone the filters fold behind « Filtres »: a page of results or a sort is not a
    filter, so it leaves them folded; a filter set opens them, so the user sees it."""
    page = client_for(admin_user).get(reverse("quartiers:structure_list") + query).content
    details = re.search(rb"<details class=\"qic-filters[^>]*>", page).group(0)
    assert (b" open" not in details) is folded


def test_every_table_of_the_pages_scrolls_in_a_focusable_named_container():
    """A table wider than a phone scrolls inside its container; the DSFR's older markup
    (``<div class="fr-table"><table>``) made the table scroll where no keyboard reaches it
    (axe: scrollable-region-focusable). {% table_scroll %} writes the 1.14 markup with a
    container that takes the focus and is named. PDF templates are not pages."""
    offenders = []
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        name = path.relative_to(TEMPLATES_DIR).as_posix()
        if name.startswith("reports/pdf/"):
            continue
        text = path.read_text()
        offenders += [f"{name}:{line}" for line in _tables_outside_the_scroll_markup(text)]
        if re.search(r'class="fr-table[ "]', text) and name != "includes/table.html":
            offenders.append(f"{name}: fr-table écrit à la main")
    assert offenders == [], "Tableaux hors de {% table_scroll %} : " + ", ".join(offenders)


def test_the_table_scroll_tag_writes_a_focusable_named_container():
    from django.template import engines

    page = (
        engines["django"]
        .from_string(
            '{% load qic %}{% table_scroll "Mes engagements" "fr-table--sm" %}'
            "<table><caption>Mes engagements</caption></table>{% endtable_scroll %}"
        )
        .render({})
    )
    assert '<div class="fr-table fr-table--multiline fr-table--sm">' in page
    assert (
        '<div class="fr-table__container" tabindex="0" role="region" '
        'aria-label="Mes engagements">' in page
    )
    assert '<div class="fr-table__content"><table><caption>Mes engagements' in page
