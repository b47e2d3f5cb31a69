"""Open data at stable addresses: ``/donnees/`` (the page), ``<name>.csv``,
``<name>.json``, ``<name>.schema.json`` and ``datapackage.json``. Public, cached
(``publication.opendata``)."""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from publication import opendata

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _resource(name: str) -> opendata.OpenResource:
    try:
        return opendata.RESOURCES[name]
    except KeyError:
        raise Http404("Ce jeu de données n'existe pas.") from None


@login_not_required
@require_safe
def index(request):
    return render(
        request,
        "public/opendata.html",
        {
            "resources": opendata.RESOURCES.values(),
            "licence": opendata.LICENCE,
            "updated": opendata.last_update(),
        },
    )


@login_not_required
@require_safe
def data_file(request, name, extension):
    _resource(name)
    if extension not in CONTENT_TYPES:
        raise Http404("Ce format n'existe pas : CSV ou JSON.")
    response = HttpResponse(opendata.build(name, extension), content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'inline; filename="qic-{name}.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"  # spreadsheets and notebooks read it
    response["Link"] = (
        f'<{opendata.LICENCE["path"]}>; rel="license", '
        f'<{reverse("public:opendata_schema", args=[name])}>; rel="describedby"'
    )
    return response


@login_not_required
@require_safe
def schema(request, name):
    response = JsonResponse(
        _resource(name).schema(), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_safe
def datapackage(request):
    base = request.build_absolute_uri(reverse("public:opendata"))
    descriptor = opendata.datapackage(base, opendata.last_update())
    return HttpResponse(
        json.dumps(descriptor, ensure_ascii=False, indent=1),
        content_type=CONTENT_TYPES["json"],
    )
