"""Sites: creation with a first status, edits, status moves, trinôme and access."""

import datetime
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from quartiers.enums import SiteStatus, StructureKind, TrinomeSeat
from quartiers.models import Site, SiteAccess, SiteStatusChange, TrinomeMandate
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_chef_de_projet_creates_a_site_and_follows_it(chef):
    quartiers = factories.QuartierFactory.create_batch(2)
    response = client_for(chef).post(
        reverse("quartiers:site_create"),
        {
            "name": "Firminy — Chapelon",
            "quartiers": f"{quartiers[0].code.lower()} ; {quartiers[1].code}",
            "programme": "experimentation",
            "status": "candidat",
            "status_date": "2026-01-12",
            "status_comment": "Candidature reçue.",
        },
    )
    site = Site.objects.get(name="Firminy — Chapelon")
    assert response.status_code == 302 and response["Location"] == site.get_absolute_url()
    assert set(site.quartiers.all()) == set(quartiers)
    assert site.status == SiteStatus.CANDIDAT
    assert site.chef_de_projet == chef
    change = site.status_changes.get()
    assert (change.status, change.date, change.author) == (
        "candidat",
        datetime.date(2026, 1, 12),
        chef,
    )


def test_unknown_qpv_codes_are_named_and_nothing_is_created(admin_user):
    quartier = factories.QuartierFactory()
    response = client_for(admin_user).post(
        reverse("quartiers:site_create"),
        {
            "name": "Site fantôme",
            "quartiers": f"{quartier.code}, QN99999X, QN07599N",
            "programme": "experimentation",
            "status": "repere",
            "status_date": "2026-01-12",
            "status_comment": "x",
        },
    )
    assert response.status_code == 200
    assert "Code(s) QPV inconnu(s) : QN99999X, QN07599N." in response.content.decode()
    assert not Site.objects.filter(name="Site fantôme").exists()


def test_a_future_first_status_date_is_refused(admin_user):
    quartier = factories.QuartierFactory()
    response = client_for(admin_user).post(
        reverse("quartiers:site_create"),
        {
            "name": "Site du futur",
            "quartiers": quartier.code,
            "programme": "experimentation",
            "status": "repere",
            "status_date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "status_comment": "x",
        },
    )
    assert "La date ne peut pas être dans le futur." in response.content.decode()
    assert not Site.objects.exists()


def test_a_member_edits_their_site_but_cannot_assign_a_chef_de_projet(site_a, member_a):
    client = client_for(member_a)
    form_page = client.get(reverse("quartiers:site_edit", args=[site_a.pk]))
    assert "chef_de_projet" not in form_page.context["form"].fields
    response = client.post(
        reverse("quartiers:site_edit", args=[site_a.pk]),
        {
            "name": "Nouveau nom",
            "quartiers": ",".join(q.code for q in site_a.quartiers.all()),
            "programme": "centre_ressources",
            "contrat_de_ville_url": "contrat.example.org/quartiers",
        },
    )
    assert response.status_code == 302
    site_a.refresh_from_db()
    assert site_a.name == "Nouveau nom"
    assert site_a.contrat_de_ville_url == "https://contrat.example.org/quartiers"


def test_status_moves_one_step_and_is_journaled(site_a, member_a):
    url = reverse("quartiers:site_status_change", args=[site_a.pk])
    page = client_for(member_a).get(url)
    offered = [value for value, _ in page.context["form"].fields["status"].choices]
    assert offered == ["vision_adoptee", "candidat", "suspendu", "sorti"]
    response = client_for(member_a).post(
        url,
        {
            "status": "vision_adoptee",
            "date": timezone.localdate().isoformat(),
            "comment": "Adoptée en COPIL.",
        },
    )
    assert response.status_code == 302
    site_a.refresh_from_db()
    assert site_a.status == SiteStatus.VISION_ADOPTEE
    assert site_a.status_changes.order_by("-created_at").first().comment == "Adoptée en COPIL."
    detail = client_for(member_a).get(site_a.get_absolute_url()).content.decode()
    assert "Adoptée en COPIL." in detail


@pytest.mark.parametrize(
    ("status", "day", "message"),
    [
        ("essaimage", "today", "Sélectionnez un choix valide."),
        ("candidat", "future", "La date ne peut pas être dans le futur."),
        ("candidat", "before_last", "La date précède le dernier changement de statut"),
    ],
)
def test_invalid_status_moves_are_refused_and_change_nothing(
    site_a, member_a, status, day, message
):
    last = site_a.status_changes.get().date
    dates = {
        "today": timezone.localdate(),
        "future": timezone.localdate() + datetime.timedelta(days=1),
        "before_last": last - datetime.timedelta(days=1),
    }
    response = client_for(member_a).post(
        reverse("quartiers:site_status_change", args=[site_a.pk]),
        {"status": status, "date": dates[day].isoformat(), "comment": "Essai."},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    site_a.refresh_from_db()
    assert site_a.status == SiteStatus.FORMATION_ACTION
    assert SiteStatusChange.objects.filter(site=site_a).count() == 1


def test_a_new_holder_ends_the_current_mandate_the_day_before(site_a, member_a):
    prefecture = factories.StructureFactory(kind=StructureKind.ETAT, name="Préfecture de la Loire")
    current = factories.TrinomeMandateFactory(
        site=site_a,
        seat=TrinomeSeat.ETAT,
        structure=prefecture,
        start_date=datetime.date(2024, 1, 1),
    )
    response = client_for(member_a).post(
        reverse("quartiers:trinome_assign", args=[site_a.pk, "etat"]),
        {
            "first_name": "Karim",
            "last_name": "Benali",
            "email": "karim.benali@exemple.fr",
            "function": "délégué du préfet",
            "structure": prefecture.pk,
            "start_date": "2025-09-01",
        },
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.end_date == datetime.date(2025, 8, 31)
    new = TrinomeMandate.objects.get(site=site_a, seat="etat", end_date__isnull=True)
    assert new.personne.full_name == "Karim Benali"
    assert site_a in new.personne.sites.all()
    assert new.personne.created_by == member_a


def test_a_seat_refuses_a_structure_of_the_wrong_kind(site_a, member_a):
    association = factories.StructureFactory(kind=StructureKind.ASSOCIATION)
    response = client_for(member_a).post(
        reverse("quartiers:trinome_assign", args=[site_a.pk, "etat"]),
        {
            "first_name": "A",
            "last_name": "B",
            "structure": association.pk,
            "start_date": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not TrinomeMandate.objects.exists()


def test_a_new_mandate_cannot_start_before_the_current_one(site_a, member_a):
    mandate = factories.TrinomeMandateFactory(site=site_a, start_date=datetime.date(2025, 1, 1))
    response = client_for(member_a).post(
        reverse("quartiers:trinome_assign", args=[site_a.pk, "association"]),
        {
            "personne": mandate.personne.pk,
            "structure": mandate.structure.pk,
            "start_date": "2024-06-01",
        },
    )
    assert (
        "Le nouveau mandat doit commencer après le début du mandat en cours"
        in response.content.decode()
    )
    mandate.refresh_from_db()
    assert mandate.end_date is None
    assert TrinomeMandate.objects.count() == 1


def test_a_member_invites_a_new_colleague_who_gets_an_email(
    site_a, member_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member_a).post(
            reverse("quartiers:site_member_add", args=[site_a.pk]),
            {
                "email": "Nouvelle.Collegue@Exemple.fr",
                "first_name": "Inès",
                "last_name": "Garcia",
                "role": "membre",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.collegue@exemple.fr")
    assert user.role == Role.MEMBRE and not user.has_usable_password()
    assert SiteAccess.objects.filter(site=site_a, user=user).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouvelle.collegue@exemple.fr"]
    assert "/invitation/" in mail.outbox[0].body


def test_granting_an_existing_member_sends_no_invitation(site_a, member_b, member_a):
    response = client_for(member_a).post(
        reverse("quartiers:site_member_add", args=[site_a.pk]),
        {"email": member_b.email.upper(), "first_name": "x", "last_name": "y", "role": "membre"},
    )
    assert response.status_code == 302
    assert SiteAccess.objects.filter(site=site_a, user=member_b).exists()
    assert mail.outbox == []


def test_a_national_account_is_not_granted_site_by_site(site_a, admin_user, chef):
    response = client_for(admin_user).post(
        reverse("quartiers:site_member_add", args=[site_a.pk]),
        {"email": chef.email, "first_name": "x", "last_name": "y", "role": "membre"},
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Ce compte a le rôle « chef de projet national »" in page
    assert "son accès ne se règle pas site par site" in page
    assert not SiteAccess.objects.filter(user=chef).exists()


def test_a_site_member_learns_nothing_about_an_address_from_adding_an_access(
    site_a, member_a, member_b, chef, admin_user, centre_user, django_capture_on_commit_callbacks
):
    """Whatever the address (unknown, a member elsewhere, a national or centre account),
    someone who does not manage accounts gets the same answer, and the same work is done
    in the request: the invitation e-mail leaves from a task, after the response."""
    answers = {}
    addresses = {
        "inconnue": "personne.inconnue@exemple.fr",
        "membre ailleurs": member_b.email,
        "chef de projet": chef.email,
        "administrateur": admin_user.email,
        "centre": centre_user.email,
    }
    for label, email in addresses.items():
        with django_capture_on_commit_callbacks(execute=False):
            response = client_for(member_a).post(
                reverse("quartiers:site_member_add", args=[site_a.pk]),
                {
                    "email": email.upper(),
                    "first_name": "Inès",
                    "last_name": "Garcia",
                    "role": "observateur",
                },
                follow=True,
            )
        assert mail.outbox == []  # nothing sent during the request
        page = html.unescape(response.content.decode())
        assert response.redirect_chain == [(site_a.get_absolute_url(), 302)], label
        notice = page[page.index("C'est noté pour") :].split("</p>")[0]
        answers[label] = notice.replace(email.lower(), "<adresse>")
    assert len(set(answers.values())) == 1, answers
    notice = answers["inconnue"]
    for role in Role:
        assert str(role.label) not in notice
    # The access itself still works for accounts given site by site, and only for them.
    assert SiteAccess.objects.filter(site=site_a, user=member_b).exists()
    assert not SiteAccess.objects.filter(user__in=[chef, admin_user, centre_user]).exists()


def test_removing_an_access_closes_the_site_to_that_user(site_a, member_a, observer):
    access = SiteAccess.objects.get(site=site_a, user=observer)
    client_for(member_a).post(reverse("quartiers:site_member_remove", args=[site_a.pk, access.pk]))
    assert client_for(observer).get(site_a.get_absolute_url()).status_code == 404


def test_an_observer_reads_the_site_without_any_edit_button(site_a, observer):
    page = client_for(observer).get(site_a.get_absolute_url()).content.decode()
    assert site_a.name in page
    assert reverse("quartiers:site_edit", args=[site_a.pk]) not in page
    assert "Inviter une personne" not in page


def test_only_an_admin_deletes_a_site(site_a, admin_user):
    response = client_for(admin_user).post(reverse("quartiers:site_delete", args=[site_a.pk]))
    assert response.status_code == 302
    assert not Site.objects.filter(pk=site_a.pk).exists()
