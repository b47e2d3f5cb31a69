"""« Mes engagements »: the signed-in user's commitments across their sites."""

from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from cercles.filters import MyCommitmentsFilterForm
from cercles.models import Commitment
from qic.htmx import paginate, render_page_or_fragment
from quartiers.models import Site
from quartiers.querysets import CHANGE


@vary_on_headers("HX-Request")
def my_commitments(request):
    """Commitments whose owner is the user (see ``CommitmentQuerySet.owned_by`` for how a
    ``Personne`` is matched to an account), overdue first, then by due date."""
    today = timezone.localdate()
    form = MyCommitmentsFilterForm(request.GET or None, user=request.user)
    commitments = form.filter(
        Commitment.objects.for_user(request.user)
        .owned_by(request.user)
        .with_lateness(today)
        .select_related("owner", "meeting__cercle__site", "action")
        .order_by("-late", "due_on", "pk")
    )
    page = paginate(request, commitments)
    changeable = set(Site.objects.for_user(request.user, CHANGE).values_list("pk", flat=True))
    rows = list(page.object_list)
    for commitment in rows:
        commitment.row_can_change = commitment.meeting.cercle.site_id in changeable
    context = {
        "form": form,
        "page_obj": page,
        "commitments": rows,
        "changeable_sites": bool(changeable),
    }
    return render_page_or_fragment(request, "cercles/my_commitments.html", context)
