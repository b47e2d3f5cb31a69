"""The demo's official statistics: believable, invented and said so, idempotent."""

import pytest

from demo import data
from demo.seed import seed_territories
from demo.stats import seed_statistics
from statistiques.models import StatValue

pytestmark = pytest.mark.django_db


def test_the_demo_qpv_get_two_themes_and_two_vintages_marked_as_invented():
    seed_territories()
    seed_statistics()
    before = sorted(StatValue.objects.values_list("pk", "value", "secrecy"))
    seed_statistics()
    assert sorted(StatValue.objects.values_list("pk", "value", "secrecy")) == before
    values = StatValue.objects.filter(is_benchmark=False)
    assert values.values("quartier").distinct().count() == len(data.QUARTIERS)
    assert set(values.values_list("variable__theme", flat=True)) == {
        "Revenus et pauvreté",
        "Demandeurs d'emploi",
    }
    assert len(set(values.values_list("vintage", flat=True))) == 2
    assert all(value.source.is_invented for value in StatValue.objects.select_related("source"))
    assert StatValue.objects.filter(is_benchmark=True).count() == 8
    assert values.filter(secrecy="s").count() == 2
