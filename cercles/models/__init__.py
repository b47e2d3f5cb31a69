"""Cercles de courageux and comités de pilotage, their meetings, decisions and commitments.

One module per concept; import models from here (``from cercles.models import Meeting``).
"""

from cercles.models.calendars import CalendarToken
from cercles.models.cercles import Cercle, CercleMember
from cercles.models.follow_up import Commitment, Decision
from cercles.models.meetings import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingDocument,
    MeetingReply,
)
from cercles.models.proposals import Proposal, ProposalAnswer, ProposalOption

__all__ = [
    "AgendaItem",
    "Attendance",
    "CalendarToken",
    "Cercle",
    "CercleMember",
    "Commitment",
    "Decision",
    "Meeting",
    "MeetingDocument",
    "MeetingReply",
    "Proposal",
    "ProposalAnswer",
    "ProposalOption",
]
