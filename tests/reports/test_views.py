"""« Rapports »: any report can be asked for from there, a site's fiche with a site picker."""

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_picker_lists_the_sites_the_user_sees(member_a, site_a, site_b):
    page = client_for(member_a).get(reverse("reports:job_list")).content.decode()
    assert f'<option value="{site_a.pk}">{site_a.name}</option>' in page
    assert site_b.name not in page


def test_choosing_a_site_leads_to_its_fiche_request(member_a, site_a):
    response = client_for(member_a).get(reverse("reports:fiche_site_pick"), {"site": site_a.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:fiche_site_request", args=[site_a.pk])


def test_another_sites_id_is_not_found(member_a, site_b):
    response = client_for(member_a).get(reverse("reports:fiche_site_pick"), {"site": site_b.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["", "abc", "9" * 40])
def test_no_site_chosen_sends_back_with_a_message(member_a, value):
    client = client_for(member_a)
    response = client.get(reverse("reports:fiche_site_pick"), {"site": value}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:job_list")
    assert "Choisissez le site dont vous voulez la fiche." in response.content.decode()
