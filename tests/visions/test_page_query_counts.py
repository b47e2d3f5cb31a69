"""Each visions page runs the query count pinned in tests/query_counts.json, on the small
world of tests/visions/test_query_counts.py and again once it has grown tenfold. The world
is built once for the module and grown once, between the two tests (the small world's come
first in the file)."""

import pytest

from tests.conftest import client_for, make_cast, shared_for_the_module
from tests.visions.test_query_counts import PAGES, _url, build_world, grow


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_for_the_module(django_db_blocker):
        cast = make_cast()
        yield {**build_world(cast.site_a, cast.personas), "personas": cast.personas}


@pytest.fixture(scope="module")
def grown_world(world, django_db_blocker):
    with django_db_blocker.unblock():
        grow(world, world["personas"])
    world["grown"] = True
    return world


@pytest.mark.parametrize(
    ("budget", "url_name", "kwargs", "persona"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_query_count_is_pinned(budget, url_name, kwargs, persona, world, db, query_budget):
    assert not world.get("grown"), "a test on the small world ran after the world grew"
    client = client_for(world["personas"][persona])
    with query_budget(budget):
        assert client.get(_url(world, url_name, kwargs)).status_code == 200


@pytest.mark.parametrize(
    ("budget", "url_name", "kwargs", "persona"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_query_count_does_not_grow_with_data(
    budget, url_name, kwargs, persona, grown_world, db, query_budget
):
    client = client_for(grown_world["personas"][persona])
    with query_budget(budget):
        assert client.get(_url(grown_world, url_name, kwargs)).status_code == 200
