"""seed_scale: the benchmark's data set, at a tiny size (the national one is `make bench`)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from bench.loader import Loader
from bench.run import Database, table, verdict
from bench.seeding import DOMAIN, PASSWORD, ScaleSeeder, add_months, quarter_start
from bench.views import baseline
from cercles.enums import CercleKind
from cercles.models import Cercle, CercleMember, Commitment, Meeting
from quartiers.models import Quartier, Site, SiteAccess
from visions.models import Action, Indicator, Measurement, Objective, Vision

TODAY = datetime.date(2026, 11, 26)


def seed(sites=2, seed=0):
    call_command("seed_scale", sites=sites, seed=seed, today=TODAY, stdout=None)


@pytest.mark.django_db
def test_every_site_has_the_national_shape():
    seed(sites=2)
    site = Site.objects.order_by("pk").first()
    assert Site.objects.count() == 2 and Quartier.objects.count() == 2
    assert site.quartiers.count() == 1
    assert Vision.objects.get(site=site).status == "adoptee"
    assert Objective.objects.filter(vision__site=site).count() == 6
    assert Indicator.objects.filter(objective__vision__site=site).count() == 24
    # 6 years of quarterly values, the last one for the quarter that just closed.
    measurements = Measurement.objects.filter(indicator__objective__vision__site=site)
    assert measurements.count() == 24 * 24
    assert max(measurements.values_list("date", flat=True)) == datetime.date(2026, 9, 30)
    # Loaded in bulk, yet each indicator stores its latest measurement.
    for indicator in Indicator.objects.filter(objective__vision__site=site):
        latest = indicator.measurements.order_by("-date", "-pk").first()
        assert (indicator.latest_date, indicator.latest_value) == (latest.date, latest.value)
    assert Action.objects.filter(site=site).count() == 40
    assert Cercle.objects.filter(site=site).count() == 4
    assert Cercle.objects.filter(site=site, kind=CercleKind.COMITE).count() == 1
    assert CercleMember.objects.filter(cercle__site=site).count() == 48
    assert Meeting.objects.filter(cercle__site=site).count() == 4 * 60
    commitments = Commitment.objects.filter(meeting__cercle__site=site)
    assert commitments.count() == 600
    assert commitments.overdue(TODAY).exists()
    # Their change journal: one creation entry each.
    assert LogEntry.objects.filter(action=LogEntry.Action.CREATE).count() == 2 * 600


@pytest.mark.django_db
def test_personas_log_in_with_the_known_password(client):
    seed(sites=1)
    assert client.login(username=f"membre@{DOMAIN}", password=PASSWORD)
    site = SiteAccess.objects.get(user__email=f"membre@{DOMAIN}").site
    assert client.get(reverse("visions:vision_tree", args=[site.pk])).status_code == 200
    assert client.login(username=f"admin@{DOMAIN}", password=PASSWORD)
    assert client.get(reverse("quartiers:site_list")).status_code == 200


@pytest.mark.django_db
def test_same_seed_same_rows(monkeypatch):
    def rows_of(seed):
        written = {}

        def load(self, model, fields, rows):
            written[model._meta.db_table] = list(rows)
            return len(written[model._meta.db_table])

        monkeypatch.setattr(Loader, "load", load)
        monkeypatch.setattr(Loader, "next_id", lambda self, model: 1)
        monkeypatch.setattr(Loader, "finish", lambda self: None)
        ScaleSeeder(sites=1, seed=seed, today=TODAY).run()
        return written

    first, again, other = rows_of(3), rows_of(3), rows_of(4)
    for name in ("visions_measurement", "cercles_meeting", "cercles_commitment"):
        assert first[name] == again[name]
    assert first["visions_measurement"] != other["visions_measurement"]
    uids = [row[9] for row in first["cercles_meeting"]]
    assert len(set(uids)) == len(uids) == 240


@pytest.mark.django_db
def test_a_database_with_sites_is_refused():
    seed(sites=1)
    with pytest.raises(CommandError, match="déjà des sites"):
        seed(sites=1)


def test_dates_step_by_month_and_quarter():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 3, 1), -15) == datetime.date(2024, 12, 1)
    assert quarter_start(datetime.date(2026, 11, 26)) == datetime.date(2026, 10, 1)


def test_baseline_page_is_off_unless_the_setting_says_so():
    with pytest.raises(NoReverseMatch):
        reverse("bench_baseline")
    response = baseline(RequestFactory().get("/"))
    assert response.status_code == 200 and response.content == b"ok"


def test_verdicts_and_table():
    from bench.pages import BARE, BASELINE, PAGES

    page = PAGES[0]  # national dashboard: 10 % of the bare view, 100 ms
    ok = {
        "requests": 200,
        "rps": 120.0,
        "p95_ms": 90.0,
        "p50_ms": 50.0,
        "p99_ms": 200.0,
        "errors": 0,
    }
    # Read against the bare view (1,000 req/s) and the do-nothing page (400 req/s).
    assert verdict(page, ok, bare_rps=1000.0, baseline_rps=400.0) == "atteint"
    assert ok["ratio_bare"] == 0.12 and ok["ratio"] == 0.3
    slow = {**ok, "rps": 50.0, "p95_ms": 300.0}
    assert verdict(page, slow, 1000.0, 400.0).startswith("manqué : débit 5% < 10% de la vue nue")
    assert verdict(BARE, dict(ok), 1000.0, 400.0) == "référence"
    stack = {**ok, "rps": 300.0}
    assert verdict(BASELINE, stack, 1000.0, 400.0).startswith("manqué : débit 30% < 33%")
    assert "aucune réponse" in verdict(page, {**ok, "requests": 0, "rps": 0.0}, 1000.0, 400.0)
    text = table(
        {
            "sites": 2,
            "pages": [{"label": "x", "absent": True}, {"label": "y", **ok, "verdict": "atteint"}],
            "sweep": {"seconds": 1.0, "queries": 20},
            "report": {"status": "absent"},
        }
    )
    assert "absent" in text and "balayage des rappels" in text


def test_sqlite_database_paths(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/b.sqlite3")
    assert not db.postgres and not db.exists()
    assert db.sibling_url("_empty") == f"sqlite:///{tmp_path}/b.sqlite3_empty"
