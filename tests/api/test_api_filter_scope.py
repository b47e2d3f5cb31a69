"""Filters are scoped like lists: naming an object the user cannot see (another site's
vision, a site out of reach…) lists nothing, exactly as an id that does not exist, so a
filter never tells what the lists do not show."""

import pytest
from django.urls import NoReverseMatch, reverse

from qic.api.filters import IdFilter
from qic.api.urls import router
from tests.api.conftest import call
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def id_filters():
    """(list URL name, filter name, model of the ids it takes) for every API filter on
    another object."""
    found = []
    for _prefix, viewset, basename in router.registry:
        filterset_class = getattr(viewset, "filterset_class", None)
        if filterset_class is None:
            continue
        filterset = filterset_class(queryset=filterset_class._meta.model.objects.none())
        for name, field in filterset.filters.items():
            if isinstance(field, IdFilter):
                found.append((f"api:{basename}-list", name, field))
    return found


def test_every_id_filter_is_scoped():
    """A filter on an object takes its ids from a model with ``for_user``, or says why not."""
    unscoped = sorted(f"{url} ?{name}" for url, name, field in id_filters() if not field.scoped)
    assert unscoped == ["api:site-list ?chef_de_projet", "api:siteindicators-list ?chef_de_projet"]
    for url, name, field in id_filters():
        if field.scoped:
            assert hasattr(field.target_model().objects, "for_user"), (url, name)


def list_url(url_name, site):
    try:
        return reverse(url_name)
    except NoReverseMatch:  # a list under a site (/sites/<id>/…/): member A's site
        return reverse(url_name, kwargs={"site_pk": site.pk})


def test_an_object_out_of_sight_reveals_nothing(fuzz_world, member_a, site_a):
    client = client_for(member_a)
    walked = 0
    for url, name, field in id_filters():
        if not field.scoped:
            continue
        manager = field.target_model().objects
        hidden = manager.exclude(pk__in=manager.for_user(member_a, "view").values("pk"))
        for pk in hidden.values_list("pk", flat=True)[:3]:
            response = call(client, "GET", f"{list_url(url, site_a)}?{name}={pk}")
            assert response.status_code == 200, (url, name, response.content)
            assert response.json()["results"] == [], f"{url} ?{name}={pk}"
            walked += 1
    # Sites, visions, objectives, indicators, actions, cercles, meetings, personnes… of
    # site B, through every list that filters on them.
    assert walked >= 30


def test_a_session_does_not_tell_which_hidden_site_was_present(fuzz_world, member_a, site_b):
    """The probe's case: sessions are programme-wide, site B is out of member A's sight."""
    response = call(client_for(member_a), "GET", f"/api/v1/sessions-formation/?site={site_b.pk}")
    assert response.json()["results"] == []
    response = call(
        client_for(member_a), "GET", f"/api/v1/sessions-formation/?site={site_b.pk + 1000}"
    )
    assert response.json()["results"] == []
