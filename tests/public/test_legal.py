"""What a public service must show, checked the way the State's automated monitoring of
public sites checks it: on every kind of page, the footer's « Accessibilité : … » and
links to the legal pages; the legal pages name what the law asks, from settings."""

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

REQUIRED_LINKS = {
    "Accessibilité : non conforme": "/accessibilite/",
    "Mentions légales": "/mentions-legales/",
    "Données personnelles et cookies": "/donnees-personnelles/",
}


def _footer(html):
    return BeautifulSoup(html, "html.parser").find("footer")


@pytest.mark.parametrize(
    ("url_name", "signed_in"),
    [
        ("accounts:login", False),
        ("public:national", False),
        ("public:stats", False),
        ("public:opendata", False),
        ("mentions_legales", False),
        ("quartiers:site_list", True),
        ("home", True),
    ],
)
def test_every_page_shows_accessibility_status_and_legal_links(url_name, signed_in, admin_user):
    response = client_for(admin_user if signed_in else None).get(reverse(url_name))
    assert response.status_code == 200
    footer = _footer(response.content.decode())
    links = {a.get_text(strip=True): a["href"] for a in footer.find_all("a")}
    for label, href in REQUIRED_LINKS.items():
        assert links.get(label) == href, (label, links)


def test_the_footer_follows_the_declared_conformity(settings):
    settings.ACCESSIBILITY_CONFORMITY = "partiellement"
    html = client_for(None).get(reverse("accessibilite")).content.decode()
    assert "Accessibilité : partiellement conforme" in _footer(html).get_text()
    assert "partiellement conforme</strong>" in html


def test_accessibility_declaration_has_its_legal_content():
    html = client_for(None).get(reverse("accessibilite")).content.decode()
    for part in (
        "État de conformité",
        "Contenus non accessibles",
        "Dérogations pour charge disproportionnée",
        "Retour d'information et contact",
        "Défenseur des droits",
        "Schéma pluriannuel",
        "Cette déclaration a été établie le",
    ):
        assert part in html, part


def test_legal_notice_names_publisher_director_and_host(settings):
    settings.LEGAL_PUBLISHER = "Agence X, 1 rue de la Paix"
    settings.LEGAL_PUBLICATION_DIRECTOR = "Mme Camille Directrice"
    settings.HOSTING_PROVIDER = "Hébergeur Y, 2 quai Z, Roubaix"
    html = client_for(None).get(reverse("mentions_legales")).content.decode()
    for text in ("Agence X, 1 rue de la Paix", "Mme Camille Directrice", "Hébergeur Y, 2 quai Z"):
        assert text in html


def test_personal_data_page_names_contact_purposes_retention_processors_trackers(settings):
    settings.CONTACT_EMAIL = "dpo@anct.gouv.fr"
    settings.LEGAL_PROCESSORS = ["Scalingo (hébergement)", "Brevo (courriels)"]
    html = client_for(None).get(reverse("donnees_personnelles")).content.decode()
    for text in (
        "dpo@anct.gouv.fr",
        "Finalité",
        "Durée de conservation",
        "Scalingo (hébergement)",
        "Brevo (courriels)",
        "Aucun traceur de mesure d'audience",
    ):
        assert text in html, text
    assert "matomo" not in html.lower()


def test_matomo_only_when_set_and_named(settings):
    html = client_for(None).get(reverse("public:stats")).content.decode()
    assert "matomo" not in html.lower()
    settings.MATOMO_URL = "https://stats.anct.gouv.fr"
    settings.MATOMO_SITE_ID = "12"
    html = client_for(None).get(reverse("public:stats")).content.decode()
    assert 'data-url="https://stats.anct.gouv.fr/"' in html
    page = client_for(None).get(reverse("donnees_personnelles")).content.decode()
    assert "Matomo (https://stats.anct.gouv.fr)" in page
    assert "aucun cookie" in page


def _policy(**variables) -> str:
    env = {**os.environ, **variables, "DJANGO_SETTINGS_MODULE": "qic.settings_test"}
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout


def test_the_csp_allows_matomo_only_when_set():
    assert "stats.anct.gouv.fr" not in _policy()
    policy = _policy(MATOMO_URL="https://stats.anct.gouv.fr", MATOMO_SITE_ID="12")
    assert policy.count("https://stats.anct.gouv.fr") == 3
    assert django_settings.CONTENT_SECURITY_POLICY  # the tests' own policy is untouched
