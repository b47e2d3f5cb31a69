"""Optional TOTP second factor for the ANCT roles (django-otp)."""

import html
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enums import Role
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
PASSWORD = "mot-de-passe-de-test"


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_login(email):
    client = client_for(None)
    client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    return client


def test_an_admin_turns_it_on_with_the_qr_code_and_a_first_code(admin_user):
    client = password_login(admin_user.email)
    page = client.get(reverse("accounts:second_factor_setup")).content.decode()
    assert "<svg" in page and "QR code à scanner" in page
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    wrong = client.post(reverse("accounts:second_factor_setup"), {"code": "000000"})
    assert "Ce code n'est pas valide." in html.unescape(wrong.content.decode())
    device.refresh_from_db()
    device.throttle_reset()  # a failed code slows the next attempts down, on purpose
    client.post(reverse("accounts:second_factor_setup"), {"code": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed


def test_with_it_on_the_password_alone_opens_nothing(admin_user, site_a):
    device = TOTPDevice.objects.create(user=admin_user, confirmed=True, name="téléphone")
    client = password_login(admin_user.email)
    response = client.get(site_a.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor_verify"))
    refused = client.post(response["Location"], {"code": "123456"})
    assert "Ce code n'est pas valide." in html.unescape(refused.content.decode())
    device.refresh_from_db()
    device.throttle_reset()  # a failed code slows the next attempts down, on purpose
    accepted = client.post(response["Location"], {"code": current_code(device)})
    assert accepted["Location"] == site_a.get_absolute_url()
    assert client.get(site_a.get_absolute_url()).status_code == 200


def test_it_is_not_offered_to_site_members(member_a):
    client = password_login(member_a.email)
    assert "Double authentification" not in client.get(reverse("accounts:profile")).content.decode()
    assert client.get(reverse("accounts:second_factor_setup")).status_code == 403


def test_it_can_be_required_for_the_national_roles(admin_user, settings):
    settings.OTP_REQUIRED_FOR_NATIONAL = True
    client = password_login(admin_user.email)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:second_factor_setup")
    page = response.content.decode()
    assert re.search(r"Ou saisissez cette clé à la main", page)


def test_turning_it_off_needs_a_current_code(db):
    chef = factories.UserFactory(role=Role.CHEF_DE_PROJET)
    device = TOTPDevice.objects.create(user=chef, confirmed=True, name="téléphone")
    client = password_login(chef.email)
    verify = reverse("accounts:second_factor_verify")
    client.post(verify, {"code": current_code(device)})
    client.post(reverse("accounts:second_factor_setup"), {"code": "999999"})
    assert TOTPDevice.objects.filter(user=chef).exists()
    # A code is used once, and a failed one slows the next attempts down.
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    device.throttle_reset()
    client.post(reverse("accounts:second_factor_setup"), {"code": current_code(device)})
    assert not TOTPDevice.objects.filter(user=chef).exists()
