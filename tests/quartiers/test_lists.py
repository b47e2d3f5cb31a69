"""Lists: search and filters (with and without JavaScript), pagination, HTMX fragments."""

import pytest
from django.urls import reverse

from quartiers import models
from quartiers.enums import SiteStatus
from tests import factories
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def qpv(db):
    marseille = factories.CommuneFactory(name="Marseille", departement=factories.departement(1))
    penne = factories.CommuneFactory(
        name="La Penne-sur-Huveaune", departement=factories.departement(1)
    )
    huveaune = factories.QuartierFactory(
        name="Les Hauts de l'Huveaune",
        departement=marseille.departement,
        communes=[marseille, penne],
    )
    loire = factories.QuartierFactory(name="Montreynaud", departement=factories.departement(0))
    return {"huveaune": huveaune, "loire": loire}


def codes(response):
    return [q.code for q in response.context["page_obj"]]


def test_qpv_search_by_commune_name_finds_multi_commune_qpv(member_a, qpv):
    response = client_for(member_a).get(reverse("quartiers:quartier_list"), {"q": "penne"})
    assert codes(response) == [qpv["huveaune"].code]
    assert "La Penne-sur-Huveaune, Marseille" in response.content.decode()


def test_qpv_search_by_code_and_filter_by_region(member_a, qpv):
    client = client_for(member_a)
    by_code = client.get(reverse("quartiers:quartier_list"), {"q": qpv["loire"].code.lower()})
    assert codes(by_code) == [qpv["loire"].code]
    region = qpv["huveaune"].departement.region
    by_region = client.get(reverse("quartiers:quartier_list"), {"region": region.pk})
    assert qpv["huveaune"].code in codes(by_region)
    assert qpv["loire"].code not in codes(by_region)


def test_an_invalid_filter_value_shows_all_rows_and_an_error_not_a_crash(member_a, qpv):
    response = client_for(member_a).get(
        reverse("quartiers:quartier_list"), {"region": "abc", "page": "x"}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_qpv_list_htmx_fragment_is_the_page_results(member_a, qpv):
    url = reverse("quartiers:quartier_list") + "?q=huveaune"
    swapped = assert_fragment_matches_page(client_for(member_a), url)
    assert "Les Hauts de l'Huveaune" in swapped.text


def test_qpv_list_paginates_with_the_filters_kept(member_a, db):
    departement = factories.departement(3)
    factories.QuartierFactory.create_batch(30, departement=departement)
    response = client_for(member_a).get(
        reverse("quartiers:quartier_list"), {"departement": departement.pk, "page": 2}
    )
    # The member's own site may have its QPV in that département too (factories cycle
    # through départements): page 2 holds whatever is past the first 25.
    in_departement = models.Quartier.objects.filter(departement=departement).count()
    assert in_departement in (30, 31)
    assert len(codes(response)) == in_departement - 25
    assert f"departement={departement.pk}&amp;page=1" in response.content.decode()


def test_sites_filter_by_status_and_region_shows_only_visible_sites(member_a, site_a, site_b):
    client = client_for(member_a)
    listed = client.get(reverse("quartiers:site_list"), {"status": SiteStatus.FORMATION_ACTION})
    assert [s.name for s in listed.context["page_obj"]] == [site_a.name]  # B is not member A's
    region = site_a.quartiers.first().departement.region
    by_region = client.get(
        reverse("quartiers:site_list"), {"region": region.pk, "q": "montreynaud"}
    )
    assert [s.name for s in by_region.context["page_obj"]] == [site_a.name]


def test_sites_list_htmx_fragment_is_the_page_results(admin_user, site_a, site_b):
    url = reverse("quartiers:site_list") + "?q=site"
    swapped = assert_fragment_matches_page(client_for(admin_user), url)
    assert site_a.name in swapped.text and site_b.name in swapped.text


def test_people_list_hides_people_of_other_sites(member_a, site_a, site_b):
    mine = factories.PersonneFactory(last_name="Visible", sites=[site_a])
    factories.PersonneFactory(last_name="Cachée", sites=[site_b])
    response = client_for(member_a).get(reverse("quartiers:personne_list"))
    assert [p.last_name for p in response.context["page_obj"]] == [mine.last_name]


def test_structures_list_htmx_fragment_and_kind_filter(member_a, db):
    factories.StructureFactory(name="Mission locale du Forez", kind="emploi")
    factories.StructureFactory(name="Collège Jules Vallès", kind="education")
    url = reverse("quartiers:structure_list") + "?kind=emploi"
    swapped = assert_fragment_matches_page(client_for(member_a), url)
    assert "Mission locale du Forez" in swapped.text
    assert "Collège Jules Vallès" not in swapped.text


def test_the_cohort_list_counts_only_the_sites_its_page_shows(site_a, site_b, member_a, chef):
    """Both sites are in the 2024 cohort; member A sees only site A, on the cohort's page
    as in the count of the list."""
    cohort = site_a.cohort
    assert site_b.cohort == cohort
    for user, expected in ((member_a, 1), (chef, 2)):
        client = client_for(user)
        listed = client.get(reverse("quartiers:cohort_list")).context["cohorts"]
        detail = client.get(reverse("quartiers:cohort_detail", kwargs={"year": cohort.year}))
        assert [c.site_count for c in listed if c.pk == cohort.pk] == [expected]
        assert len(detail.context["grid"]) == expected
