"""Each visions page runs the query count pinned in tests/query_counts.json, on the small
world of tests/visions/test_query_counts.py and again once it has grown tenfold. The world
is built once for the module and grown once, between the two tests (the small world's come
first in the file)."""

import pytest

from tests.conftest import client_for, small, small_and_grown_worlds
from tests.visions.test_query_counts import PAGES, _url, build_world, grow

world, grown_world = small_and_grown_worlds(
    build=lambda cast: build_world(cast.site_a, cast.personas),
    grow=lambda world: grow(world, world["personas"]),
)


@pytest.mark.parametrize(
    ("budget", "url_name", "kwargs", "persona"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_query_count_is_pinned(budget, url_name, kwargs, persona, world, db, query_budget):
    client = client_for(small(world)["personas"][persona])
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
