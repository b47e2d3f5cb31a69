"""Publishing the open-data files to a dataset of data.gouv.fr through its API (v1).

Each file is one resource of the dataset, found again by its title: its file is
replaced when it exists (``POST …/resources/<id>/upload/``), uploaded as a new resource
otherwise (``POST …/upload/``), then its description is updated (``PUT …/resources/<id>/``)
with the licence, the schema's address and the date. Authenticated by the
``X-API-KEY`` header; nothing is sent without ``DATAGOUV_API_KEY`` and
``DATAGOUV_DATASET``.
"""

import dataclasses

import requests
from django.conf import settings

from publication import opendata

TIMEOUT_SECONDS = 60


class PublicationError(Exception):
    pass


@dataclasses.dataclass
class Published:
    title: str
    resource_id: str
    created: bool


def is_configured() -> bool:
    return bool(settings.DATAGOUV_API_KEY and settings.DATAGOUV_DATASET)


def _check(response: requests.Response, what: str) -> dict:
    if response.status_code >= 400:
        raise PublicationError(
            f"data.gouv.fr a refusé {what} : HTTP {response.status_code} {response.text[:200]}"
        )
    return response.json() if response.content else {}


def publish(*, site_url: str) -> list[Published]:
    """Send every open-data file to the configured dataset; returns what was done."""
    if not is_configured():
        return []
    api = settings.DATAGOUV_API_URL.rstrip("/")
    dataset = settings.DATAGOUV_DATASET
    session = requests.Session()
    session.headers["X-API-KEY"] = settings.DATAGOUV_API_KEY
    existing = {
        resource["title"]: resource["id"]
        for resource in _check(
            session.get(f"{api}/datasets/{dataset}/", timeout=TIMEOUT_SECONDS),
            "la lecture du jeu de données",
        ).get("resources", [])
    }
    updated = opendata.last_update()
    key = opendata.digest()
    base = f"{site_url.rstrip('/')}/donnees/"
    done = []
    for resource in opendata.RESOURCES.values():
        for extension in ("csv", "json"):
            title = f"{resource.title} ({extension.upper()})"
            content = opendata.build(resource.name, extension, key)
            files = {
                "file": (f"qic-{resource.name}.{extension}", content, opendata_type(extension))
            }
            resource_id = existing.get(title)
            if resource_id:
                url = f"{api}/datasets/{dataset}/resources/{resource_id}/upload/"
            else:
                url = f"{api}/datasets/{dataset}/upload/"
            answer = _check(
                session.post(url, files=files, timeout=TIMEOUT_SECONDS), f"l'envoi de « {title} »"
            )
            resource_id = resource_id or answer["id"]
            description = (
                f"{resource.description}\n\nLicence : {opendata.LICENCE['title']}. "
                f"Schéma (Table Schema) : {base}{resource.name}.schema.json. "
                f"Données à jour au {updated:%d/%m/%Y}."
            )
            _check(
                session.put(
                    f"{api}/datasets/{dataset}/resources/{resource_id}/",
                    json={"title": title, "description": description, "format": extension},
                    timeout=TIMEOUT_SECONDS,
                ),
                f"la description de « {title} »",
            )
            done.append(Published(title, resource_id, created=title not in existing))
    return done


def opendata_type(extension: str) -> str:
    return "text/csv" if extension == "csv" else "application/json"
