"""``for_user``: the one entry point that decides which rows each role reaches."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.enums import Role
from quartiers.models import Accompaniment, Personne, Site, Structure, TrinomeMandate
from quartiers.querysets import CHANGE, VIEW
from tests import factories

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(obj.name for obj in queryset)


def test_sites_each_role_sees_and_changes(site_a, site_b, personas):
    both = sorted([site_a.name, site_b.name])
    expected = {
        # persona: (sites seen, sites changed)
        "admin_user": (both, both),
        "chef": (both, [site_a.name]),
        "member_a": ([site_a.name], [site_a.name]),
        "member_b": ([site_b.name], [site_b.name]),
        "centre_user": ([site_a.name], [site_a.name]),
        "observer": ([site_a.name], []),
    }
    for persona, (seen, changed) in expected.items():
        user = personas[persona]
        assert names(Site.objects.for_user(user, VIEW)) == seen, persona
        assert names(Site.objects.for_user(user, CHANGE)) == changed, persona


def test_anonymous_and_deactivated_users_reach_nothing(site_a, member_a):
    assert not Site.objects.for_user(AnonymousUser()).exists()
    member_a.is_active = False
    member_a.save()
    assert not Site.objects.for_user(member_a).exists()


def test_a_centre_keeps_reading_a_site_it_no_longer_accompanies_but_cannot_change_it(
    site_a, centre_user, centre
):
    Accompaniment.objects.filter(centre=centre).update(end_date=datetime.date(2024, 12, 31))
    assert list(Site.objects.for_user(centre_user, VIEW)) == [site_a]
    assert not Site.objects.for_user(centre_user, CHANGE).exists()


def test_site_scoped_rows_follow_their_site(site_a, site_b, member_a):
    mandate_a = factories.TrinomeMandateFactory(site=site_a)
    factories.TrinomeMandateFactory(site=site_b)
    assert list(TrinomeMandate.objects.for_user(member_a)) == [mandate_a]


def test_people_are_seen_through_their_sites_or_by_their_author(site_a, site_b, member_a):
    on_a = factories.PersonneFactory(sites=[site_a])
    on_b = factories.PersonneFactory(sites=[site_b])
    mine = factories.PersonneFactory(created_by=member_a)
    seen = set(Personne.objects.for_user(member_a, VIEW))
    assert on_a in seen and mine in seen
    assert on_b not in seen


def test_national_roles_see_every_person_but_only_admins_change_them_all(site_b, chef, admin_user):
    on_b = factories.PersonneFactory(sites=[site_b])
    assert on_b in Personne.objects.for_user(chef, VIEW)
    assert on_b not in Personne.objects.for_user(chef, CHANGE)
    assert on_b in Personne.objects.for_user(admin_user, CHANGE)


def test_observers_change_no_person_and_no_structure(site_a, observer):
    factories.PersonneFactory(sites=[site_a], created_by=observer)
    factories.StructureFactory(created_by=observer)
    assert not Personne.objects.for_user(observer, CHANGE).exists()
    assert not Structure.objects.for_user(observer, CHANGE).exists()


def test_structures_are_changed_by_their_author_their_members_or_an_admin(db, member_a, admin_user):
    own = factories.StructureFactory(created_by=member_a)
    joined = factories.StructureFactory()
    joined.members.add(member_a)
    other = factories.StructureFactory()
    assert set(Structure.objects.for_user(member_a, CHANGE)) == {own, joined}
    assert other in Structure.objects.for_user(member_a, VIEW)
    assert other in Structure.objects.for_user(admin_user, CHANGE)


def test_an_unknown_action_is_a_programming_error(site_a, member_a):
    with pytest.raises(ValueError):
        Site.objects.for_user(member_a, "delete")


def test_without_any_grant_only_the_national_roles_see_sites(site_a):
    sees_all_without_grant = {Role.ADMIN, Role.CHEF_DE_PROJET}
    for role in Role:  # a new role must be given a scope here
        user = factories.UserFactory(role=role)
        assert Site.objects.for_user(user, VIEW).exists() == (role in sees_all_without_grant), role
