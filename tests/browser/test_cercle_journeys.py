"""A site member creates a cercle, plans a meeting, records attendance, minutes, a
decision and a commitment, then prepares the next meeting — in Chromium, with axe."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from cercles.enums import AttendanceStatus, CommitmentStatus
from cercles.models import Attendance, Cercle, Commitment, Meeting
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import both_sizes, sign_in


def label(page, text):
    """The field whose label starts with ``text`` (labels also hold hints)."""
    return page.get_by_label(re.compile(r"^\s*" + text + r"(\s|$)"))


def add_member(page, first, last, email, role):
    page.get_by_role("link", name="Ajouter un membre").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    label(page, "Prénom").fill(first)
    label(page, "Nom").fill(last)
    label(page, "Adresse e-mail").fill(email)
    label(page, "Rôle").select_option(label=role)
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_role("heading", name="Membres")).to_be_visible()
    expect(page.get_by_role("link", name=f"{first} {last}", exact=True)).to_be_visible()


@both_sizes
def test_a_site_member_runs_a_cercle_from_creation_to_the_next_meeting(
    page, context, live_server, site_a, member_a, console_errors
):
    today = timezone.localdate()
    sign_in(context, member_a, live_server)

    # From the site to its cercles.
    page.goto(site_a.get_absolute_url())
    page.goto(f"/sites/{site_a.pk}/cercles/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cercles de courageux et comité de pilotage"
    )
    assert_accessible(page)

    # Create the cercle.
    page.get_by_role("link", name="Créer un cercle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau cercle")
    assert_accessible(page)
    label(page, "Nom").fill("Cercle réussite éducative")
    label(page, "Raison d'être").fill("Que chaque enfant du quartier trouve un adulte qui l'aide.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cercle réussite éducative")
    assert_accessible(page)
    cercle = Cercle.objects.get(site=site_a)

    # Its members: an animatrice and a partner, typed in as new people.
    add_member(page, "Nadia", "Ferhat", "nadia.ferhat@exemple.fr", "animateur·rice")
    add_member(page, "Karim", "Benali", "karim.benali@exemple.fr", "membre")

    # Plan a meeting this morning, with its agenda.
    page.get_by_role("link", name="Planifier une réunion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Planifier une réunion")
    assert_accessible(page)
    label(page, "Date").fill(today.isoformat())
    label(page, "Heure de début").fill("09:00")
    label(page, "Heure de fin").fill("11:00")
    label(page, "Lieu").fill("Centre social Pablo-Picasso")
    label(page, "Point").first.fill("Bilan de l'aide aux devoirs")
    page.get_by_role("button", name="Planifier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Réunion n° 1 du "))
    expect(page.get_by_role("heading", name="Ordre du jour")).to_be_visible()
    expect(page.get_by_text("Bilan de l'aide aux devoirs")).to_be_visible()
    assert_accessible(page)
    meeting = Meeting.objects.get(cercle=cercle)

    # Attendance: Nadia present, Karim excused (DSFR radios: click the label).
    page.get_by_role("group", name="Présence de Nadia Ferhat").locator(
        "label", has_text="présent·e"
    ).click()
    page.get_by_role("group", name="Présence de Karim Benali").locator(
        "label", has_text="excusé·e"
    ).click()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(
        page.get_by_role("group", name="Présence de Karim Benali").get_by_label("excusé·e")
    ).to_be_checked()
    assert dict(
        Attendance.objects.filter(meeting=meeting).values_list(
            "member__personne__last_name", "status"
        )
    ) == {"Ferhat": AttendanceStatus.PRESENT, "Benali": AttendanceStatus.EXCUSE}

    # Minutes, in Markdown.
    page.get_by_role("textbox", name=re.compile(r"^Compte rendu")).fill(
        "## Aide aux devoirs\n\n- **12 enfants** accueillis\n- un bénévole de plus"
    )
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    minutes = page.locator(".qic-minutes")
    expect(minutes.get_by_role("heading", name="Aide aux devoirs")).to_be_visible()
    expect(minutes.locator("strong")).to_have_text("12 enfants")
    assert_accessible(page)

    # A decision, to be reviewed in a fortnight.
    review = today + datetime.timedelta(days=14)
    decisions = page.locator("#decisions")
    label(decisions, "Décision").fill("Ouvrir l'aide aux devoirs le samedi matin")
    label(decisions, "À revoir le").fill(review.isoformat())
    page.get_by_role("button", name="Ajouter la décision").click()
    expect(decisions.get_by_role("table")).to_contain_text(
        "Ouvrir l'aide aux devoirs le samedi matin"
    )
    expect(decisions.get_by_role("table")).to_contain_text(review.strftime("%d/%m/%Y"))

    # A commitment carried by Karim.
    due = today + datetime.timedelta(days=10)
    commitments = page.locator("#commitments")
    label(commitments, "Engagement").fill("Trouver une salle pour le samedi")
    label(commitments, "Porté par").select_option(label="Karim Benali")
    label(commitments, "Échéance").fill(due.isoformat())
    page.get_by_role("button", name="Ajouter l'engagement").click()
    expect(commitments.get_by_role("table")).to_contain_text("Trouver une salle pour le samedi")
    expect(commitments.get_by_role("table")).to_contain_text("Karim Benali")
    assert_accessible(page)
    commitment = Commitment.objects.get(meeting=meeting)
    assert (commitment.owner.last_name, commitment.due_on) == ("Benali", due)

    # Prepare the next one: same time a month later, the commitment to follow up and
    # the decision to review already on its agenda.
    page.get_by_role("link", name="Préparer la suivante").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Préparer la réunion qui suit la n° 1"
    )
    assert_accessible(page)
    expect(page.get_by_label(re.compile("Trouver une salle pour le samedi"))).to_be_checked()
    expect(
        page.get_by_label(re.compile("Ouvrir l'aide aux devoirs le samedi matin"))
    ).to_be_checked()
    label(page, "Autres points").fill("Calendrier du printemps")
    page.get_by_role("button", name="Créer la réunion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Réunion n° 2 du "))
    agenda = page.locator("#ordre-du-jour").locator("..")
    expect(agenda).to_contain_text("Trouver une salle pour le samedi")
    expect(agenda).to_contain_text("Ouvrir l'aide aux devoirs le samedi matin")
    expect(agenda).to_contain_text("Calendrier du printemps")
    assert_accessible(page)
    following = Meeting.objects.get(cercle=cercle, sequence=2)
    assert timezone.localtime(following.starts_at).time() == datetime.time(9, 0)
    assert following.agenda_items.filter(commitment=commitment).exists()
    assert Commitment.objects.get(pk=commitment.pk).status == CommitmentStatus.A_FAIRE

    # The cercle's page shows the next meeting and the commitment still to do.
    page.get_by_role("link", name="Cercle réussite éducative").first.click()
    expect(page.get_by_role("heading", name="Engagements à faire")).to_be_visible()
    # A table row on a desktop, a card on a phone.
    expect(page.get_by_text("Trouver une salle pour le samedi", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Réunion n° 2 — "))).to_be_visible()
    assert_accessible(page)
    assert console_errors == []
