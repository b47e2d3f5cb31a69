import pytest

from tests.standing import standing_checked


@pytest.fixture(autouse=True)
def _indicator_standing_checked(request):
    yield from standing_checked(request)
