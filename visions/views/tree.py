"""The vision tree: from the vision down to objectives, their indicators and the actions
serving them, on one page.

A site has about 6 objectives, 24 indicators and 40 actions: read in a fixed number of
queries (the objectives, the indicators, their sparkline values, the actions), and
rendered by the templates the indicator pages use for the same cells.
"""

from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.http import Http404
from django.shortcuts import render

from quartiers import perms
from quartiers.models import Site
from quartiers.querysets import CHANGE
from visions.charts import with_recent_values
from visions.models import Action, Indicator


def _objectives(site) -> list[dict]:
    """The objectives of the site's vision in their order, each with its indicators (by
    name, with their sparkline values) and the actions serving it."""
    objectives = {
        objective["pk"]: {**objective, "indicators": [], "actions": []}
        for objective in site.vision.objectives.values(
            "pk", "title", "description", "contrat_priority"
        )
    }
    indicators = Indicator.objects.filter(objective__vision=site.vision).order_by("name", "pk")
    for indicator in with_recent_values(indicators):
        objectives[indicator.objective_id]["indicators"].append(indicator)
    return objectives


def _actions(site) -> list[dict]:
    """Every action of the site in one query: once per objective it serves
    (``objective``), by status then title, and once with ``objective`` None when it
    serves none, by title."""
    serves_none = When(objectives__isnull=True, then=Value(""))
    return list(
        Action.objects.filter(site=site)
        .values("pk", "title", "status", porteur_name=F("porteur__name"), objective=F("objectives"))
        .order_by(Case(serves_none, default=F("status")), "title", "pk")
    )


def _site_with_vision(request, pk) -> Site:
    """The site if the user may see it, with its vision and ``user_can_change``, in one
    query; 404 when it has no vision yet."""
    changeable = Site.objects.for_user(request.user, CHANGE).filter(pk=OuterRef("pk"))
    site = perms.get_object_or_deny(
        request.user,
        Site.objects.select_related("vision").annotate(user_can_change=Exists(changeable)),
        pk=pk,
    )
    if getattr(site, "vision", None) is None:
        raise Http404("Ce site n'a pas encore de vision.")
    return site


def vision_tree(request, pk):
    """From the vision down to objectives, their indicators and the actions serving them."""
    site = _site_with_vision(request, pk)
    objectives = _objectives(site)
    unlinked = []
    for action in _actions(site):
        if action["objective"] is None:
            unlinked.append(action)
        else:
            objectives[action["objective"]]["actions"].append(action)
    context = {
        "site": site,
        "vision": site.vision,
        "objectives": list(objectives.values()),
        "unlinked_actions": unlinked,
        "can_change": site.user_can_change,
    }
    return render(request, "visions/vision_tree.html", context)
