"""/stats: public, computed by summaries (the national dashboard's functions), cached
under the sites' stamps so that a write shows at once."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cercles.enums import CommitmentStatus, MeetingStatus
from quartiers.models import Site
from summaries.impact import compute_impact
from summaries.programme import programme_figures
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_stats_are_public_and_follow_the_data(site_a):
    now = timezone.localtime()
    cercle = factories.CercleFactory(site=site_a)
    meeting = factories.MeetingFactory(
        cercle=cercle, status=MeetingStatus.TENUE, starts_at=now.replace(day=1, hour=10)
    )
    factories.DecisionFactory(meeting=meeting)
    factories.CommitmentFactory(
        meeting=meeting,
        status=CommitmentStatus.FAIT,
        due_on=now.date(),
        done_on=now.date().replace(day=1),
    )
    client = client_for(None)
    html = client.get(reverse("public:stats")).content.decode()
    assert "Décisions prises" in html
    assert "Tableau des données" in html

    impact = compute_impact(programme_figures(Site.objects.all()))
    assert impact.meetings[-1] == 1
    assert impact.decisions[-1] == 1
    assert impact.commitments_on_time[-1] == 1
    assert impact.cercles[-1] == 1

    factories.DecisionFactory(meeting=meeting)
    again = compute_impact(programme_figures(Site.objects.all()))
    assert again.decisions[-1] == 2
    html = client.get(reverse("public:stats")).content.decode()
    decisions = html[html.index('id="decisions"') :]
    decisions = decisions[: decisions.index("</section>")]
    assert "<td>2</td>" in decisions


def test_stats_count_every_site_by_status(site_a, site_b):
    html = client_for(None).get(reverse("public:stats")).content.decode()
    assert '<p class="fr-h2 fr-mb-0">2</p><p>sites engagés</p>' in html


def test_stats_count_the_sites_that_adopted_a_practice_of_another_site(site_a, site_b):
    """Essaimage on /stats: a site counts once, from its first adoption; adopting one's own
    practice is not learning from another site."""
    practice = factories.PracticeFactory(site=site_a, published=True)
    factories.PracticeAdoptionFactory(practice=practice, site=site_b)
    factories.PracticeAdoptionFactory(
        practice=factories.PracticeFactory(site=site_a, published=True), site=site_b
    )
    factories.PracticeAdoptionFactory(
        practice=factories.PracticeFactory(site=site_b, published=True), site=site_b
    )  # (b adopts b's own: not counted twice anyway)
    own = factories.PracticeFactory(site=site_a, published=True)
    factories.PracticeAdoptionFactory(practice=own, site=site_a)
    impact = compute_impact(programme_figures(Site.objects.all()))
    assert impact.adopting_sites[-1] == 1
    html = client_for(None).get(reverse("public:stats")).content.decode()
    essaimage = html[html.index('id="essaimage"') :]
    assert "en cumul : 1" in essaimage[: essaimage.index("</section>")]
