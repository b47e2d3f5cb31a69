"""What is waiting for one person, on their home page: their late commitments, the
meetings of their cercles this week, the open proposals they have not answered, and the
measurements overdue on the sites where they enter them. Five queries, whatever the
data; each list is cut to ``SHOWN`` rows, with the full count."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from cercles.enums import MeetingStatus
from cercles.models import CercleMember, Commitment, Meeting, Proposal, ProposalAnswer
from quartiers.querysets import CHANGE
from visions.models import Indicator

SHOWN = 5


@dataclass
class Waiting:
    commitments_late: int
    meetings: list  # this week's, soonest first
    proposals: list  # open, unanswered, closing soonest first
    measurements_late: list  # overdue indicators, most overdue first
    measurements_late_count: int

    @property
    def anything(self) -> bool:
        return bool(
            self.commitments_late or self.meetings or self.proposals or self.measurements_late
        )


def waiting_for(user, today: datetime.date | None = None) -> Waiting:
    today = today or timezone.localdate()
    now = timezone.now()
    sits_in = CercleMember.objects.of_user(user).filter(
        cercle=OuterRef("cercle"), left_on__isnull=True
    )
    meetings = list(
        Meeting.objects.for_user(user)
        .filter(Exists(sits_in), status=MeetingStatus.PREVUE)
        .filter(starts_at__gte=now, starts_at__lt=now + datetime.timedelta(days=7))
        .select_related("cercle")
        .order_by("starts_at")[:SHOWN]
    )
    answered = ProposalAnswer.objects.filter(
        proposal=OuterRef("pk"), member__in=CercleMember.objects.of_user(user)
    )
    proposals = list(
        Proposal.objects.for_user(user)
        .open()
        .filter(Exists(sits_in), closes_at__gt=now)
        .exclude(Exists(answered))
        .select_related("cercle")
        .order_by("closes_at")[:SHOWN]
    )
    overdue = Indicator.objects.for_user(user, CHANGE).overdue(today)
    late_indicators = list(
        overdue.select_related("objective__vision").order_by("next_due_on", "pk")[:SHOWN]
    )
    return Waiting(
        commitments_late=Commitment.objects.for_user(user).owned_by(user).overdue(today).count(),
        meetings=meetings,
        proposals=proposals,
        measurements_late=late_indicators,
        measurements_late_count=overdue.count(),
    )
