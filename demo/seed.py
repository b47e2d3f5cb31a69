"""Idempotent builders of the demo data set, one function per part of the product.

Each function looks rows up by their natural key (code, e-mail, name) before creating
them, so ``seed_demo`` can run again on a database it already filled.
"""

import datetime
import unicodedata
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from demo import data
from notifications.enums import Delivery, ReminderStatus
from notifications.models import Notification, Reminder
from notifications.registry import get_kind
from quartiers import models as q
from quartiers.enums import StructureKind, TrinomeSeat


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _ascii(text: str) -> str:
    normalized = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return normalized.lower().replace(" ", "-").replace("'", "")


def _square(lat: float, lon: float, half: float = 0.004) -> dict:
    """A small square perimeter around a point, GeoJSON order (longitude, latitude)."""
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def seed_territories() -> None:
    regions = {
        code: q.Region.objects.update_or_create(code=code, defaults={"name": name})[0]
        for code, name in data.REGIONS.items()
    }
    deps = {
        code: q.Departement.objects.update_or_create(
            code=code, defaults={"name": name, "region": regions[region]}
        )[0]
        for code, (name, region) in data.DEPARTEMENTS.items()
    }
    epcis = {
        siren: q.EPCI.objects.update_or_create(siren=siren, defaults={"name": name})[0]
        for siren, name in data.EPCIS.items()
    }
    communes = {
        code: q.Commune.objects.update_or_create(
            code=code,
            defaults={"name": name, "departement": deps[dep], "epci": epcis.get(siren)},
        )[0]
        for code, (name, dep, siren, _lat, _lon) in data.COMMUNES.items()
    }
    for code, (name, commune_codes, population, (dlat, dlon)) in data.QUARTIERS.items():
        first = data.COMMUNES[commune_codes[0]]
        lat, lon = round(first[3] + dlat, 5), round(first[4] + dlon, 5)
        quartier, _ = q.Quartier.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "departement": communes[commune_codes[0]].departement,
                "epci": communes[commune_codes[0]].epci,
                "population": population,
                "latitude": lat,
                "longitude": lon,
                "perimeter": _square(lat, lon),
            },
        )
        quartier.communes.set([communes[c] for c in commune_codes])


def seed_programme() -> None:
    for year, cohort_data in data.COHORTS.items():
        cohort, _ = q.Cohort.objects.update_or_create(
            year=year, defaults={"name": cohort_data["name"]}
        )
        for day, theme in cohort_data["sessions"]:
            q.FormationSession.objects.get_or_create(
                cohort=cohort, date=_date(day), defaults={"theme": theme}
            )


def _structure(name: str, kind: str, commune=None) -> q.Structure:
    structure, _ = q.Structure.objects.get_or_create(
        name=name, kind=kind, defaults={"commune": commune}
    )
    return structure


def _personne(first: str, last: str, structure, function: str) -> q.Personne:
    email = f"{_ascii(first)}.{_ascii(last)}@exemple.fr"
    personne, _ = q.Personne.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "structure": structure,
            "function": function,
        },
    )
    return personne


def seed_sites(chef: User) -> None:
    cohorts = {c.year: c for c in q.Cohort.objects.all()}
    for index, spec in enumerate(data.SITES):
        statuses = spec["statuses"]
        site, created = q.Site.objects.get_or_create(
            name=spec["name"],
            defaults={
                "programme": spec["programme"],
                "cohort": cohorts.get(spec["cohort"]),
                "status": statuses[-1][0],
                "chef_de_projet": chef if spec["chef"] else None,
                "contrat_de_ville": spec["contrat"],
            },
        )
        site.quartiers.set(q.Quartier.objects.filter(code__in=spec["quartiers"]))
        if created:
            _seed_status_history(site, statuses, chef)
        _seed_trinome(site, index, statuses)
        if site.cohort:
            for session in site.cohort.sessions.filter(date__gte=_date(statuses[0][1])):
                session.sites_present.add(site)


def _seed_status_history(site, statuses, author) -> None:
    for status, day, comment in statuses:
        q.SiteStatusChange.objects.create(
            site=site,
            status=status,
            date=_date(day),
            comment=comment or _default_comment(status),
            author=author,
        )


def _default_comment(status: str) -> str:
    return {
        "repere": "Site repéré lors du dialogue avec la préfecture et la collectivité.",
        "candidat": "Candidature déposée par le trinôme.",
        "formation_action": "Le trinôme entre en formation-action avec sa cohorte.",
        "vision_adoptee": "Vision partagée adoptée en comité de pilotage.",
        "mise_en_oeuvre": "Premières actions engagées par les cercles de courageux.",
        "essaimage": "La démarche s'étend aux quartiers voisins.",
    }[status]


def _seed_trinome(site, index: int, statuses) -> None:
    first_quartier = q.Quartier.objects.filter(code=data.SITES[index]["quartiers"][0]).first()
    commune = first_quartier.communes.order_by("code").first()
    departement = first_quartier.departement
    people = data.TRINOME_PEOPLE[index]
    structures = {
        TrinomeSeat.COLLECTIVITE: _structure(
            f"Ville de {commune.name}", StructureKind.COLLECTIVITE, commune
        ),
        TrinomeSeat.ETAT: _structure(f"Préfecture ({departement.name})", StructureKind.ETAT, None),
        TrinomeSeat.ASSOCIATION: _structure(
            data.ASSOCIATIONS[index], StructureKind.ASSOCIATION, commune
        ),
    }
    functions = {
        TrinomeSeat.COLLECTIVITE: "cheffe de projet politique de la ville",
        TrinomeSeat.ETAT: "délégué du préfet",
        TrinomeSeat.ASSOCIATION: "directrice",
    }
    start = _date(statuses[min(1, len(statuses) - 1)][1])
    final_status, final_day, _ = statuses[-1]
    for seat, (first, last) in zip(TrinomeSeat, people, strict=True):
        personne = _personne(first, last, structures[seat], functions[seat])
        personne.sites.add(site)
        end = None
        if final_status == "sorti" or (
            final_status == "suspendu" and seat != TrinomeSeat.ASSOCIATION
        ):
            end = _date(final_day)
        q.TrinomeMandate.objects.get_or_create(
            site=site,
            seat=seat,
            personne=personne,
            defaults={"structure": structures[seat], "start_date": start, "end_date": end},
        )
    if index == 0:
        # Saint-Étienne: the State seat changed hands, to show a mandate history.
        previous = _personne("Marc", "Delorme", structures[TrinomeSeat.ETAT], "délégué du préfet")
        previous.sites.add(site)
        q.TrinomeMandate.objects.get_or_create(
            site=site,
            seat=TrinomeSeat.ETAT,
            personne=previous,
            defaults={
                "structure": structures[TrinomeSeat.ETAT],
                "start_date": _date("2023-10-02"),
                "end_date": start - datetime.timedelta(days=1),
            },
        )


def seed_centres() -> None:
    sites = {s.name: s for s in q.Site.objects.all()}
    for spec in data.CENTRES:
        commune = q.Commune.objects.get(code=spec["commune"])
        centre = _structure(spec["name"], StructureKind.CENTRE_RESSOURCES, commune)
        for site_name, kind, start, end, planned, done in spec["sites"]:
            q.Accompaniment.objects.update_or_create(
                centre=centre,
                site=sites[site_name],
                kind=kind,
                start_date=_date(start),
                defaults={
                    "end_date": _date(end) if end else None,
                    "hours_planned": Decimal(planned),
                    "hours_done": Decimal(done),
                },
            )


def seed_users() -> dict[str, User]:
    users = {}
    for email, (first, last, role, _grants) in data.USERS.items():
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "is_active": True,
                "is_staff": role == Role.ADMIN,
            },
        )
        user.set_password(data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        users[email] = user
    return users


def seed_grants(users: dict[str, User]) -> None:
    for email, (_first, _last, role, grants) in data.USERS.items():
        user = users[email]
        if role == Role.CENTRE:
            for name in grants:
                q.Structure.objects.get(name=name).members.add(user)
        else:
            for name in grants:
                q.SiteAccess.objects.get_or_create(site=q.Site.objects.get(name=name), user=user)


def seed_notifications(users: dict[str, User]) -> None:
    """A few reminders already sent (under the bell of the chef de projet and the
    centre), and one that failed, for the supervision page. Fixed dates: idempotent."""
    kind = get_kind("site_inactif")
    grenoble = q.Site.objects.get(name="Grenoble — Villeneuve")
    roubaix = q.Site.objects.get(name="Roubaix — L'Alma et le Pile")
    specs = [
        (grenoble, users["chef@qic.demo"], ReminderStatus.SENT, ""),
        (grenoble, users["centre@qic.demo"], ReminderStatus.SENT, ""),
        (
            roubaix,
            users["chef@qic.demo"],
            ReminderStatus.FAILED,
            "SMTPRecipientsRefused: {'chef@qic.demo': (550, b'5.1.1 Adresse inconnue')}",
        ),
    ]
    for site, user, status, error in specs:
        reminder, _ = Reminder.objects.get_or_create(
            kind=kind.key,
            content_type=ContentType.objects.get_for_model(site),
            object_id=site.pk,
            user=user,
            occurrence="2026-01-15",
            defaults={
                "object_repr": str(site),
                "email": user.email,
                "data": {"last_activity": "2025-11-16", "days": 60},
                "delivery": Delivery.DIGEST
                if status == ReminderStatus.SENT
                else Delivery.IMMEDIATE,
                "status": status,
                "attempts": 1 if status == ReminderStatus.SENT else 5,
                "last_error": error,
                "due_at": _aware("2026-01-15T08:00"),
                "sent_at": _aware("2026-01-19T08:00") if status == ReminderStatus.SENT else None,
                "created_at": _aware("2026-01-15T08:00"),
            },
        )
        Notification.objects.get_or_create(
            reminder=reminder,
            defaults={
                "user": user,
                "kind": kind.key,
                "message": kind.message(reminder),
                "url": kind.url(reminder),
                "created_at": reminder.created_at,
            },
        )


def _aware(value: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(value))


@transaction.atomic
def seed_all() -> dict[str, User]:
    users = seed_users()
    seed_territories()
    seed_programme()
    seed_sites(chef=users["chef@qic.demo"])
    seed_centres()
    seed_grants(users)
    seed_notifications(users)
    return users
