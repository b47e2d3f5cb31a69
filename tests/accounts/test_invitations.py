"""Invitations: e-mailed, single-use, expiring; accepted by choosing a password."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Invitation, User
from quartiers.models import SiteAccess
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "un mot de passe solide 2026"


def invite(admin_user, site, django_capture_on_commit_callbacks, email="nouvelle@exemple.fr"):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(
            reverse("quartiers:user_invite"),
            {
                "email": email,
                "first_name": "Inès",
                "last_name": "Garcia",
                "role": "membre",
                "sites": [site.pk],
            },
        )
    assert response.status_code == 302
    return re.search(r"https?://\S+/invitation/(\S+)/", mail.outbox[-1].body).group(1)


def test_an_invited_user_sets_a_password_and_lands_on_their_home(
    admin_user, site_a, django_capture_on_commit_callbacks
):
    token = invite(admin_user, site_a, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].subject == "Votre accès à Quartiers à impact collectif"
    client = client_for(None)
    page = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert "Bienvenue, Inès" in page.content.decode()
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert site_a.name in response.content.decode()
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert user.check_password(PASSWORD)
    assert SiteAccess.objects.filter(user=user, site=site_a).exists()


def test_the_link_works_once(admin_user, site_a, django_capture_on_commit_callbacks):
    token = invite(admin_user, site_a, django_capture_on_commit_callbacks)
    url = reverse("accounts:invitation_accept", args=[token])
    client_for(None).post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    again = client_for(None).get(url)
    assert again.status_code == 410
    assert "n'est plus valable" in again.content.decode()


def test_the_link_expires(admin_user, site_a, django_capture_on_commit_callbacks, settings):
    token = invite(admin_user, site_a, django_capture_on_commit_callbacks)
    later = timezone.now() + datetime.timedelta(days=settings.INVITATION_VALIDITY_DAYS, minutes=1)
    with time_machine.travel(later):
        response = client_for(None).post(
            reverse("accounts:invitation_accept", args=[token]),
            {"new_password1": PASSWORD, "new_password2": PASSWORD},
        )
    assert response.status_code == 410
    assert not User.objects.get(email="nouvelle@exemple.fr").has_usable_password()


def test_a_new_invitation_kills_the_previous_link(
    admin_user, site_a, django_capture_on_commit_callbacks
):
    first = invite(admin_user, site_a, django_capture_on_commit_callbacks)
    user = User.objects.get(email="nouvelle@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin_user).post(reverse("quartiers:user_reinvite", args=[user.pk]))
    assert (
        client_for(None).get(reverse("accounts:invitation_accept", args=[first])).status_code == 410
    )
    second = re.search(r"/invitation/(\S+)/", mail.outbox[-1].body).group(1)
    assert (
        client_for(None).get(reverse("accounts:invitation_accept", args=[second])).status_code
        == 200
    )


def test_a_weak_password_is_refused_in_french_and_the_link_stays_valid(
    admin_user, site_a, django_capture_on_commit_callbacks
):
    token = invite(admin_user, site_a, django_capture_on_commit_callbacks)
    url = reverse("accounts:invitation_accept", args=[token])
    response = client_for(None).post(url, {"new_password1": "123456", "new_password2": "123456"})
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in response.content.decode()
    assert Invitation.objects.usable().count() == 1


def test_a_deactivated_account_cannot_use_its_invitation(
    admin_user, site_a, django_capture_on_commit_callbacks
):
    token = invite(admin_user, site_a, django_capture_on_commit_callbacks)
    User.objects.filter(email="nouvelle@exemple.fr").update(is_active=False)
    assert (
        client_for(None).get(reverse("accounts:invitation_accept", args=[token])).status_code == 410
    )


def test_only_the_token_hash_is_stored(admin_user, site_a, django_capture_on_commit_callbacks):
    token = invite(admin_user, site_a, django_capture_on_commit_callbacks)
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert Invitation.objects.get_by_token(token).user.email == "nouvelle@exemple.fr"


def test_inviting_a_member_requires_a_site_and_an_existing_email_is_refused(admin_user, member_a):
    client = client_for(admin_user)
    no_site = client.post(
        reverse("quartiers:user_invite"),
        {"email": "x@exemple.fr", "first_name": "X", "last_name": "Y", "role": "membre"},
    )
    assert "Choisissez au moins un site pour ce rôle." in no_site.content.decode()
    duplicate = client.post(
        reverse("quartiers:user_invite"),
        {"email": member_a.email.upper(), "first_name": "X", "last_name": "Y", "role": "admin"},
    )
    assert "Un compte existe déjà avec cette adresse e-mail." in duplicate.content.decode()
    assert User.objects.filter(email="x@exemple.fr").count() == 0


def test_an_admin_deactivates_an_account_at_once(admin_user, member_a, site_a):
    member_client = client_for(member_a)
    assert member_client.get(site_a.get_absolute_url()).status_code == 200
    client_for(admin_user).post(
        reverse("quartiers:user_detail", args=[member_a.pk]),
        {"first_name": "A", "last_name": "B", "role": Role.MEMBRE, "sites": [site_a.pk]},
    )
    member_a.refresh_from_db()
    assert not member_a.is_active
    # The open session dies with the account.
    assert member_client.get(site_a.get_absolute_url()).status_code == 302


def test_an_admin_cannot_deactivate_themselves(admin_user):
    response = client_for(admin_user).post(
        reverse("quartiers:user_detail", args=[admin_user.pk]),
        {"first_name": "A", "last_name": "B", "role": Role.ADMIN},
    )
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_an_admin_changes_the_sites_of_an_account(admin_user, member_a, site_a, site_b):
    client_for(admin_user).post(
        reverse("quartiers:user_detail", args=[member_a.pk]),
        {
            "first_name": "A",
            "last_name": "B",
            "role": Role.MEMBRE,
            "is_active": "on",
            "sites": [site_b.pk],
        },
    )
    assert [a.site for a in member_a.site_accesses.all()] == [site_b]


def test_an_admin_attaches_a_centre_account_to_its_centre(admin_user, site_a, centre):
    account = factories.UserFactory(role=Role.CENTRE)
    client_for(admin_user).post(
        reverse("quartiers:user_detail", args=[account.pk]),
        {
            "first_name": "A",
            "last_name": "B",
            "role": Role.CENTRE,
            "is_active": "on",
            "centres": [centre.pk],
        },
    )
    assert client_for(account).get(site_a.get_absolute_url()).status_code == 200


def test_the_email_leaves_after_the_response_and_only_for_the_latest_link(
    admin_user, member_a, django_capture_on_commit_callbacks
):
    """The request only enqueues; a link made void by a newer invitation before the
    worker ran is not sent."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for _ in range(2):
            client_for(admin_user).post(reverse("quartiers:user_reinvite", args=[member_a.pk]))
    assert mail.outbox == [] and len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    token = re.search(r"/invitation/(\S+)/", mail.outbox[0].body).group(1)
    assert Invitation.objects.get_by_token(token).is_usable
