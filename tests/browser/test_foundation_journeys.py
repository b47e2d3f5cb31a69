"""Journeys through the foundation pages, in Chromium, with accessibility checks."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.enums import Role
from quartiers.models import Site
from tests import factories
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import (
    both_sizes,
    main_menu,
    open_filters,
    sign_in,
)

PASSWORD = "mot-de-passe-de-test"


@both_sizes
def test_an_anct_admin_logs_in_filters_sites_by_region_and_reads_one(page, console_errors):
    admin = factories.UserFactory(email="admin@anct.gouv.fr", role=Role.ADMIN)
    loire = factories.departement(0)
    paris = factories.departement(3)
    saint_etienne = factories.SiteFactory(
        name="Saint-Étienne — Montreynaud", quartiers=[factories.QuartierFactory(departement=loire)]
    )
    factories.SiteFactory(
        name="Paris — Belleville", quartiers=[factories.QuartierFactory(departement=paris)]
    )

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/connexion/"))
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill(admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord")
    assert_accessible(page)

    main_menu(page).get_by_role("link", name="Sites").click()
    expect(page.locator("#resultats tbody tr")).to_have_count(2)
    open_filters(page)
    page.get_by_label("Région").select_option(label=loire.region.name)
    # HTMX swaps the results in place and keeps the filter in the address bar.
    expect(page.locator("#resultats tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(rf"region={loire.region.pk}"))
    assert_accessible(page)

    page.get_by_role("link", name="Saint-Étienne — Montreynaud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(saint_etienne.name)
    expect(page.get_by_role("heading", name="Trinôme")).to_be_visible()
    assert_accessible(page)
    assert console_errors == []


# Chromium logs the 404 of the other site's page: that refusal is what is checked.
@pytest.mark.console_errors_allowed(r"status of 404 .*/sites/\d+/\)$")
@both_sizes
def test_a_resource_centre_sees_only_its_sites_and_cannot_open_another(page, context, live_server):
    accompanied = factories.SiteFactory(name="Grenoble — Villeneuve")
    other = factories.SiteFactory(name="Nantes — Bellevue")
    centre = factories.CentreFactory(name="Centre de ressources Alpes")
    factories.AccompanimentFactory(centre=centre, site=accompanied)
    user = factories.UserFactory(email="centre@exemple.fr", role=Role.CENTRE)
    centre.members.add(user)
    sign_in(context, user, live_server)

    page.goto("/")
    # In the table of its sites (and in « à relancer »: nothing happened since its
    # status was recorded, months ago).
    expect(
        page.get_by_role("table").get_by_role("link", name="Grenoble — Villeneuve")
    ).to_be_visible()
    expect(page.get_by_text("Nantes — Bellevue")).to_have_count(0)
    assert_accessible(page)
    page.goto("/sites/")
    expect(page.locator("#resultats tbody tr")).to_have_count(1)
    response = page.goto(f"/sites/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")


def test_an_invited_user_sets_a_password_and_lands_on_their_home(
    page, context, live_server, browser
):
    site = factories.SiteFactory(name="Roubaix — L'Alma")
    admin = factories.UserFactory(role=Role.ADMIN)
    sign_in(context, admin, live_server)
    page.goto("/utilisateurs/inviter/")
    page.get_by_label("Adresse e-mail").fill("ines.garcia@exemple.fr")
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Garcia")
    page.get_by_label("Rôle").select_option(label="membre de site")
    page.locator(
        "label", has_text="Roubaix — L'Alma"
    ).click()  # the DSFR draws the box on the label
    expect(page.get_by_label("Roubaix — L'Alma")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(
        page.get_by_text("Une invitation a été envoyée à ines.garcia@exemple.fr.")
    ).to_be_visible()

    link = re.search(r"https?://\S+(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    invited = browser.new_context(base_url=live_server.url, locale="fr-FR")
    invited_page = invited.new_page()
    invited_page.goto(link)
    expect(invited_page.get_by_role("heading", level=1)).to_have_text("Bienvenue, Inès")
    assert_accessible(invited_page)
    invited_page.locator("#id_new_password1").fill("un mot de passe solide 2026")
    invited_page.locator("#id_new_password2").fill("un mot de passe solide 2026")
    invited_page.get_by_role("button", name="Activer mon compte").click()
    expect(
        invited_page.get_by_text("Bienvenue ! Votre mot de passe est enregistré.")
    ).to_be_visible()
    expect(invited_page.get_by_role("heading", level=1)).to_have_text(site.name)
    invited.close()


def test_a_form_with_bad_values_shows_french_errors_by_the_fields_and_saves_nothing(
    page, context, live_server
):
    sign_in(context, factories.UserFactory(role=Role.ADMIN), live_server)
    page.goto("/sites/nouveau/")
    page.get_by_label("Quartiers prioritaires").fill("QN99999X")
    page.get_by_role("button", name="Créer le site").click()

    name_group = page.locator(".fr-input-group", has=page.get_by_label("Nom", exact=True))
    expect(name_group).to_have_class(re.compile("fr-input-group--error"))
    expect(name_group).to_contain_text("Ce champ est obligatoire.")
    qpv_group = page.locator(".fr-input-group", has=page.get_by_label("Quartiers prioritaires"))
    expect(qpv_group).to_contain_text("Code(s) QPV inconnu(s) : QN99999X.")
    assert_accessible(page)
    assert not Site.objects.exists()


def test_keyboard_only_through_the_main_menu_and_a_form(page, context, live_server):
    factories.StructureFactory(name="Mission locale du Forez")
    # « Structures » is in the national roles' menu.
    sign_in(context, factories.UserFactory(role=Role.CHEF_DE_PROJET), live_server)
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Contenu")).to_be_focused()
    # Walk the menu with Tab until « Structures » has the focus, then open it with Enter.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Structures":
            break
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/structures/$"))
    # The « Nouvelle structure » form, filled and sent with the keyboard only.
    page.get_by_role("link", name="Nouvelle structure").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Nom").focus()
    page.keyboard.type("Régie de quartier des Tilleuls")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # choose a type in the focused select
    page.get_by_role("button", name="Enregistrer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Régie de quartier des Tilleuls")


def test_public_pages_are_readable_without_an_account_and_accessible(page):
    for path, heading in [
        ("/mentions-legales/", "Mentions légales"),
        ("/donnees-personnelles/", "Données personnelles"),
        ("/accessibilite/", "Déclaration d'accessibilité"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
