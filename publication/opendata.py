"""The programme's open data: resources as CSV and JSON, each described by a Table
Schema (frictionless), under the Licence Ouverte 2.0.

- ``sites``: every site of the programme (name, QPV codes, communes, status, programme,
  cohort) — no people;
- ``indicateurs``: the indicators that published pages show, one row per value (the
  reference value, each measurement, the target), with their site;
- ``actions``: the actions of the published pages that show their actions.

Files follow data.gouv.fr's recommendations: UTF-8, ``,`` separator, ISO dates, a dot
for decimals. They are built from the database and cached under the digest of every
site's data stamp (``summaries.programme``): every row here leads to a site, so a write
anywhere gives a new key. ``manage.py publish_open_data`` sends them to data.gouv.fr.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import F, Max, Prefetch
from django.utils import timezone

from publication.models import PublicPage
from quartiers.enums import Programme, SiteStatus
from quartiers.models import Quartier, Site
from summaries.programme import ProgrammeFigures
from visions.enums import ActionStatus, Direction
from visions.models import Action, Indicator, Measurement

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
CACHE_SECONDS = 26 * 3600
FORMAT = 1


def _field(name, type_, title, description="", **constraints) -> dict:
    field = {"name": name, "type": type_, "title": title}
    if description:
        field["description"] = description
    if type_ == "date":
        field["format"] = "default"  # ISO 8601
    if constraints:
        field["constraints"] = constraints
    return field


def _number(value: Decimal | None):
    if value is None:
        return None
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class OpenResource:
    name: str
    title: str
    description: str
    fields: list[dict]
    rows: Callable[[], list[dict]]
    primary_key: tuple[str, ...] = ()

    def schema(self) -> dict:
        schema = {
            "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "fields": self.fields,
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        return schema


def _sites_rows() -> list[dict]:
    sites = (
        Site.objects.select_related("cohort")
        .prefetch_related(
            Prefetch(
                "quartiers",
                queryset=Quartier.objects.prefetch_related("communes").order_by("code"),
            )
        )
        .order_by("pk")
    )
    published = set(PublicPage.objects.published().values_list("site_id", flat=True))
    rows = []
    for site in sites:
        quartiers = list(site.quartiers.all())
        communes = sorted({c.code for q in quartiers for c in q.communes.all()})
        commune_names = sorted({c.name for q in quartiers for c in q.communes.all()})
        rows.append(
            {
                "id": site.pk,
                "nom": site.name,
                "codes_qpv": ";".join(q.code for q in quartiers),
                "codes_communes": ";".join(communes),
                "communes": ";".join(commune_names),
                "statut": site.status,
                "programme": site.programme,
                "cohorte": site.cohort.year if site.cohort_id else None,
                "page_publique": site.pk in published,
            }
        )
    return rows


def _indicator_rows() -> list[dict]:
    indicators = (
        Indicator.objects.filter(
            public_pages__published=True,
            # The page that publishes an indicator must be its own site's.
            public_pages__site=F("objective__vision__site"),
        )
        .select_related("objective__vision__site")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk"))
        )
        .distinct()
        .order_by("objective__vision__site", "pk")
    )
    rows = []
    for indicator in indicators:
        site = indicator.objective.vision.site
        common = {
            "site_id": site.pk,
            "site": site.name,
            "indicateur_id": indicator.pk,
            "indicateur": indicator.name,
            "unite": indicator.unit,
            "sens": indicator.direction,
        }
        rows.append(
            common
            | {
                "type_valeur": "reference",
                "date": indicator.baseline_date,
                "valeur": indicator.baseline_value,
            }
        )
        rows += [
            common | {"type_valeur": "mesure", "date": m.date, "valeur": m.value}
            for m in indicator.measurements.all()
        ]
        if indicator.target_value is not None:
            rows.append(
                common
                | {
                    "type_valeur": "cible",
                    "date": indicator.target_date,
                    "valeur": indicator.target_value,
                }
            )
    return rows


def _action_rows() -> list[dict]:
    actions = (
        Action.objects.filter(
            site__public_page__published=True, site__public_page__show_actions=True
        )
        .select_related("site")
        .order_by("site", "pk")
    )
    return [
        {
            "site_id": action.site_id,
            "site": action.site.name,
            "action_id": action.pk,
            "intitule": action.title,
            "statut": action.status,
            "debut": action.start_date,
            "fin": action.end_date,
            "avancement": action.progress,
        }
        for action in actions
    ]


RESOURCES = {
    resource.name: resource
    for resource in [
        OpenResource(
            "sites",
            "Sites du programme Quartiers à impact collectif",
            "Chaque site engagé : ses quartiers prioritaires (QPV), ses communes, son statut, "
            "son programme et sa cohorte de formation-action.",
            [
                _field("id", "integer", "Identifiant du site", required=True, unique=True),
                _field("nom", "string", "Nom du site", required=True),
                _field("codes_qpv", "string", "Codes des QPV", "Séparés par « ; »."),
                _field(
                    "codes_communes", "string", "Codes INSEE des communes", "Séparés par « ; »."
                ),
                _field("communes", "string", "Communes", "Séparées par « ; »."),
                _field("statut", "string", "Statut", enum=[s.value for s in SiteStatus]),
                _field("programme", "string", "Programme", enum=[p.value for p in Programme]),
                _field("cohorte", "integer", "Année de la cohorte de formation-action"),
                _field("page_publique", "boolean", "A publié sa page publique"),
            ],
            _sites_rows,
            ("id",),
        ),
        OpenResource(
            "indicateurs",
            "Indicateurs publiés par les sites, et leurs valeurs",
            "Les indicateurs que les sites ont choisi de publier : valeur de référence, "
            "mesures et cible, datées.",
            [
                _field("site_id", "integer", "Identifiant du site", required=True),
                _field("site", "string", "Nom du site", required=True),
                _field("indicateur_id", "integer", "Identifiant de l'indicateur", required=True),
                _field("indicateur", "string", "Nom de l'indicateur", required=True),
                _field("unite", "string", "Unité"),
                _field("sens", "string", "Sens souhaité", enum=[d.value for d in Direction]),
                _field(
                    "type_valeur",
                    "string",
                    "Type de valeur",
                    required=True,
                    enum=["reference", "mesure", "cible"],
                ),
                _field("date", "date", "Date de la valeur", required=True),
                _field("valeur", "number", "Valeur", "Point décimal.", required=True),
            ],
            _indicator_rows,
        ),
        OpenResource(
            "actions",
            "Actions publiées par les sites",
            "Les actions des sites qui ont choisi de les publier, avec leur statut.",
            [
                _field("site_id", "integer", "Identifiant du site", required=True),
                _field("site", "string", "Nom du site", required=True),
                _field(
                    "action_id", "integer", "Identifiant de l'action", required=True, unique=True
                ),
                _field("intitule", "string", "Intitulé", required=True),
                _field(
                    "statut",
                    "string",
                    "Statut",
                    required=True,
                    enum=[a.value for a in ActionStatus],
                ),
                _field("debut", "date", "Début"),
                _field("fin", "date", "Fin"),
                _field("avancement", "integer", "Avancement (%)", minimum=0, maximum=100),
            ],
            _action_rows,
            ("action_id",),
        ),
    ]
}


# Serialisation -------------------------------------------------------------------------


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def to_csv(resource: OpenResource, rows: list[dict]) -> bytes:
    names = [field["name"] for field in resource.fields]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_value(row[name]) for name in names])
    return out.getvalue().encode("utf-8")


def to_json(resource: OpenResource, rows: list[dict]) -> bytes:
    names = [field["name"] for field in resource.fields]
    data = [{name: _json_value(row[name]) for name in names} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def last_update() -> datetime.datetime:
    """The last change of what the files show."""
    moments = [
        Site.objects.aggregate(at=Max("updated_at"))["at"],
        PublicPage.objects.aggregate(at=Max("updated_at"))["at"],
        Indicator.objects.filter(public_pages__published=True).aggregate(at=Max("updated_at"))[
            "at"
        ],
        Action.objects.filter(site__public_page__show_actions=True).aggregate(at=Max("updated_at"))[
            "at"
        ],
    ]
    found = [moment for moment in moments if moment is not None]
    return max(found) if found else timezone.now()


def digest() -> str:
    """Changes with any site's data (every row here leads to a site) and with the day."""
    return ProgrammeFigures(Site.objects.all()).digest


def build(name: str, extension: str, key: str | None = None) -> bytes:
    """The file ``name.extension`` (``csv`` or ``json``), cached under ``key``."""
    resource = RESOURCES[name]
    cache_key = f"public:opendata:{FORMAT}:{name}:{extension}:{key or digest()}"
    found = cache.get(cache_key)
    if found is None:
        rows = resource.rows()
        found = to_csv(resource, rows) if extension == "csv" else to_json(resource, rows)
        cache.set(cache_key, found, timeout=CACHE_SECONDS)
    return found


def datapackage(base_url: str, updated: datetime.datetime) -> dict:
    """The Data Package descriptor: the resources, their schemas, licence and date."""
    return {
        "name": "quartiers-a-impact-collectif",
        "title": "Quartiers à impact collectif",
        "licenses": [LICENCE],
        "last_modified": updated.isoformat(timespec="seconds"),
        "resources": [
            {
                "name": f"{resource.name}-{extension}",
                "title": resource.title,
                "description": resource.description,
                "path": f"{base_url}{resource.name}.{extension}",
                "format": extension,
                "encoding": "utf-8",
                "schema": f"{base_url}{resource.name}.schema.json",
                "licenses": [LICENCE],
            }
            for resource in RESOURCES.values()
            for extension in ("csv", "json")
        ],
    }
