"""What the resources do: writes as the pages do them, filters, keyset pages, sync."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.enums import Role
from quartiers.enums import SiteStatus
from quartiers.models import Personne, Site, SiteStatusChange
from tests import factories
from tests.api.conftest import call
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return [row["id"] for row in results(response)]


# --- Writes, as the pages -----------------------------------------------------------------


def test_a_chef_creates_a_site_with_its_first_status_and_follows_it(chef, site_a):
    quartier = factories.QuartierFactory()
    response = call(
        client_for(chef),
        "POST",
        "/api/v1/sites/",
        {
            "name": "Les Minguettes",
            "quartiers": [quartier.code],
            "programme": "centre_ressources",
            "status": "candidat",
            "status_date": "2025-01-06",
            "status_comment": "Candidature reçue.",
        },
    )
    assert response.status_code == 201, response.content
    site = Site.objects.get(pk=response.json()["id"])
    assert site.chef_de_projet == chef
    assert site.status == SiteStatus.CANDIDAT
    assert list(site.quartiers.all()) == [quartier]
    change = site.status_changes.get()
    assert (change.date, change.comment, change.author) == (
        datetime.date(2025, 1, 6),
        "Candidature reçue.",
        chef,
    )
    assert response.json()["statuts"].endswith(f"/api/v1/sites/{site.pk}/statuts/")


def test_only_an_administrator_names_the_chef_de_projet(site_a, chef, member_a, admin_user):
    other = factories.UserFactory(role=Role.CHEF_DE_PROJET)
    url = f"/api/v1/sites/{site_a.pk}/"
    refused = call(client_for(member_a), "PATCH", url, {"chef_de_projet": other.pk})
    assert refused.status_code == 403
    assert "Seul un administrateur national" in refused.json()["detail"]
    # Sending back the current value is no change.
    assert call(client_for(member_a), "PATCH", url, {"chef_de_projet": chef.pk}).status_code == 200
    assert (
        call(client_for(admin_user), "PATCH", url, {"chef_de_projet": other.pk}).status_code == 200
    )
    site_a.refresh_from_db()
    assert site_a.chef_de_projet == other


def test_a_status_change_goes_through_the_service(site_a, member_a):
    url = f"/api/v1/sites/{site_a.pk}/statuts/"
    response = call(
        client_for(member_a), "POST", url, {"status": "vision_adoptee", "comment": "Voté."}
    )
    assert response.status_code == 201
    site_a.refresh_from_db()
    assert site_a.status == SiteStatus.VISION_ADOPTEE
    history = call(client_for(member_a), "GET", url).json()
    assert [row["status"] for row in history] == ["formation_action", "vision_adoptee"]
    assert history[-1]["author"] == {"id": member_a.pk, "name": str(member_a)}
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    refused = call(
        client_for(member_a),
        "POST",
        url,
        {"status": "mise_en_oeuvre", "date": future, "comment": "x"},
    )
    assert refused.status_code == 400
    assert refused.json()["erreurs"] == {"date": ["La date ne peut pas être dans le futur."]}


def test_assigning_a_seat_ends_the_current_mandate_and_shows_in_the_site(site_a, member_a):
    current = factories.TrinomeMandateFactory(
        site=site_a, seat="etat", structure=factories.StructureFactory(kind="etat")
    )
    newcomer = factories.PersonneFactory(sites=[site_a])
    response = call(
        client_for(member_a),
        "POST",
        f"/api/v1/sites/{site_a.pk}/trinome/",
        {
            "seat": "etat",
            "personne": newcomer.pk,
            "structure": current.structure.pk,
            "start_date": "2025-02-01",
        },
    )
    assert response.status_code == 201, response.content
    current.refresh_from_db()
    assert current.end_date == datetime.date(2025, 1, 31)
    site = call(client_for(member_a), "GET", f"/api/v1/sites/{site_a.pk}/").json()
    assert [(m["seat"], m["personne"]["id"]) for m in site["trinome"]] == [("etat", newcomer.pk)]
    wrong_kind = call(
        client_for(member_a),
        "POST",
        f"/api/v1/sites/{site_a.pk}/trinome/",
        {
            "seat": "collectivite",
            "personne": newcomer.pk,
            "structure": current.structure.pk,
            "start_date": "2025-03-01",
        },
    )
    assert wrong_kind.status_code == 400
    assert "structure" in wrong_kind.json()["erreurs"]


def test_a_person_keeps_the_links_to_sites_the_editor_cannot_change(site_a, site_b, member_a):
    personne = factories.PersonneFactory(sites=[site_a, site_b])
    url = f"/api/v1/personnes/{personne.pk}/"
    # Member A sees only site A among the person's sites…
    assert call(client_for(member_a), "GET", url).json()["sites"] == [site_a.pk]
    # Site B does not exist for member A…
    refused = call(client_for(member_a), "PATCH", url, {"sites": [site_a.pk, site_b.pk]})
    assert refused.status_code == 400
    assert "sites" in refused.json()["erreurs"]
    # …and unlinking site A leaves the link to site B as it was.
    assert call(client_for(member_a), "PATCH", url, {"sites": []}).status_code == 200
    assert list(personne.sites.all()) == [site_b]


def test_a_person_created_through_the_api_records_its_author(site_a, member_a):
    personne = call(
        client_for(member_a),
        "POST",
        "/api/v1/personnes/",
        {"first_name": "Awa", "last_name": "Diallo"},
    )
    assert personne.status_code == 201
    assert Personne.objects.get().created_by == member_a


def test_a_centre_names_only_its_own_centre(site_a, centre_user, centre):
    other = factories.CentreFactory()
    response = call(
        client_for(centre_user),
        "POST",
        "/api/v1/accompagnements/",
        {"site": site_a.pk, "centre": other.pk, "kind": "coaching", "start_date": "2025-01-01"},
    )
    assert response.status_code == 400
    assert response.json()["erreurs"] == {
        "centre": ["Choisissez un centre de ressources que vous représentez."]
    }


def test_an_observer_may_not_create_on_a_site_they_read(site_a, observer, centre):
    response = call(
        client_for(observer),
        "POST",
        "/api/v1/accompagnements/",
        {"site": site_a.pk, "centre": centre.pk, "kind": "coaching", "start_date": "2025-01-01"},
    )
    assert response.status_code == 403


def test_sessions_show_only_the_sites_the_reader_sees(site_a, site_b, member_b):
    session = factories.FormationSessionFactory(cohort=site_a.cohort)
    session.sites_present.add(site_a, site_b)
    row = call(client_for(member_b), "GET", f"/api/v1/sessions-formation/{session.pk}/").json()
    assert row["sites_present"] == [site_b.pk]


# --- Filters ------------------------------------------------------------------------------


def test_sites_filter_by_status_territory_programme_and_cohort(admin_user, site_a, site_b):
    client = client_for(admin_user)
    quartier = site_a.quartiers.get()
    other_cohort = factories.CohortFactory(year=2022)
    site_b.cohort = other_cohort
    site_b.status = SiteStatus.SORTI
    site_b.save()
    assert ids(client.get("/api/v1/sites/?status=sorti")) == [site_b.pk]
    assert set(ids(client.get("/api/v1/sites/?status=sorti&status=formation_action"))) == {
        site_a.pk,
        site_b.pk,
    }
    assert ids(client.get(f"/api/v1/sites/?quartier={quartier.code}")) == [site_a.pk]
    assert ids(client.get(f"/api/v1/sites/?departement={quartier.departement.code}")) == [site_a.pk]
    assert ids(client.get(f"/api/v1/sites/?region={quartier.departement.region.code}")) == [
        site_a.pk
    ]
    assert ids(client.get(f"/api/v1/sites/?cohort={other_cohort.pk}")) == [site_b.pk]
    assert ids(client.get("/api/v1/sites/?programme=centre_ressources")) == []
    assert ids(client.get("/api/v1/sites/?q=aubiers")) == [site_b.pk]


def test_site_scoped_rows_filter_by_their_site_and_its_territory(
    admin_user, site_a, site_b, centre
):
    factories.AccompanimentFactory(site=site_b, centre=centre, end_date=datetime.date(2024, 12, 31))
    client = client_for(admin_user)
    on_a = centre.accompaniments.get(site=site_a)
    assert ids(client.get(f"/api/v1/accompagnements/?site={site_a.pk}")) == [on_a.pk]
    code = site_a.quartiers.get().departement.code
    assert ids(client.get(f"/api/v1/accompagnements/?departement={code}")) == [on_a.pk]
    assert ids(client.get("/api/v1/accompagnements/?current=true")) == [on_a.pk]
    assert ids(
        client.get(
            "/api/v1/accompagnements/?start_date_after=2024-03-01&start_date_before=2024-03-01"
        )
    ) == ids(client.get("/api/v1/accompagnements/?ordering=start_date"))
    assert ids(client.get(f"/api/v1/changements-de-statut/?site={site_b.pk}")) == [
        site_b.status_changes.get().pk
    ]


# --- Keyset pages and incremental sync ----------------------------------------------------


def test_pages_follow_next_without_gaps_or_repeats_even_when_rows_change(admin_user):
    sites = [factories.SiteFactory(name=f"Site {i:02d}") for i in range(7)]
    client = client_for(admin_user)
    first = client.get("/api/v1/sites/?page_size=3").json()
    seen = [row["id"] for row in first["results"]]
    # A row already read is modified: it moves to the end of the updated_at order…
    Site.objects.get(pk=seen[0]).save()
    # …and a row not yet read is deleted.
    unread = [s.pk for s in sites if s.pk not in seen]
    Site.objects.filter(pk=unread[0]).delete()
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    remaining = {s.pk for s in sites} - {unread[0]}
    assert set(seen) == remaining
    # The modified row comes once more at the end (a sync upserts it): nothing is skipped.
    assert seen.count(seen[0]) == 2 and len(seen) == len(remaining) + 1


def test_ties_on_the_order_field_are_broken_by_id(admin_user):
    for _ in range(5):
        factories.SiteFactory(name="Même nom")
    client = client_for(admin_user)
    seen, url = [], "/api/v1/sites/?ordering=name&page_size=2"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted(seen)
    assert len(seen) == 5
    descending = ids(client.get("/api/v1/sites/?ordering=-name&page_size=50"))
    assert descending == sorted(seen, reverse=True)


def test_a_cursor_belongs_to_its_ordering(admin_user, site_a, site_b):
    client = client_for(admin_user)
    page = client.get("/api/v1/sites/?ordering=name&page_size=1").json()
    cursor = page["next"].split("cursor=")[1].split("&")[0]
    response = client.get(f"/api/v1/sites/?cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["erreurs"]["cursor"] == [
        "Ce curseur a été obtenu avec un autre tri : reprenez depuis la première page."
    ]


def test_modified_since_returns_what_changed_including_links(admin_user, site_a, site_b):
    client = client_for(admin_user)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        since = timezone.now()
        assert ids(client.get("/api/v1/sites/", {"modified_since": since.isoformat()})) == []
        site_b.description = "Rive droite"
        site_b.save()
        # A link added on the other side (a QPV's sites) counts as a change of the site.
        factories.QuartierFactory().sites.add(site_a)
        personne = factories.PersonneFactory()
        site_a.personnes.add(personne)
        changed = ids(client.get("/api/v1/sites/", {"modified_since": since.isoformat()}))
        assert set(changed) == {site_a.pk, site_b.pk}
        assert ids(client.get("/api/v1/personnes/", {"modified_since": since.isoformat()})) == [
            personne.pk
        ]


def test_status_changes_sync_on_their_creation(admin_user, site_a):
    client = client_for(admin_user)
    since = timezone.now()
    change = SiteStatusChange.objects.create(
        site=site_a, status=SiteStatus.SUSPENDU, date=timezone.localdate(), comment="Pause."
    )
    listed = ids(
        client.get("/api/v1/changements-de-statut/", {"modified_since": since.isoformat()})
    )
    assert listed == [change.pk]


def test_a_trinome_change_bumps_its_site(admin_user, site_a):
    before = Site.objects.get(pk=site_a.pk).updated_at
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        factories.TrinomeMandateFactory(site=site_a)
    assert Site.objects.get(pk=site_a.pk).updated_at > before
