"""Who is concerned by a site: the explicit audiences reminders and digests use.

Reminders never go to "everyone who can see the object" (Recoco #889, #1094): each
kind names its recipients with the functions below.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from quartiers.models import Accompaniment, Site, SiteAccess


def current_accompaniments(today: date | None = None) -> QuerySet:
    """Accompaniments running on ``today``: started, and not ended."""
    today = today or timezone.localdate()
    return Accompaniment.objects.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def followed_sites(user, today: date | None = None) -> QuerySet:
    """The sites ``user`` follows: as their national chef de projet, through an access
    granted to them (site members and observers), or as staff of a resource centre
    that accompanies the site now. Not every site they may read."""
    granted = SiteAccess.objects.filter(site=OuterRef("pk"), user=user)
    accompanied = current_accompaniments(today).filter(site=OuterRef("pk"), centre__members=user)
    return Site.objects.filter(Q(chef_de_projet=user) | Exists(granted) | Exists(accompanied))


def as_recipient(personne):
    """A ``Personne`` as a reminder recipient: their account when they have one (so
    the reminder also reaches the bell, the digest and their preferences), else the
    person, by e-mail only. Load ``personne__user`` with the person."""
    if personne.user_id is not None:
        return personne.user
    return personne


def unique_recipients(recipients) -> list:
    """Each recipient once, in order (an account and a person never collide)."""
    seen, result = set(), []
    for recipient in recipients:
        key = (type(recipient).__name__, recipient.pk)
        if key not in seen:
            seen.add(key)
            result.append(recipient)
    return result
