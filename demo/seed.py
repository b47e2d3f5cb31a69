"""Idempotent builders of the demo data set, one function per part of the product.

Each function looks rows up by their natural key (code, e-mail, name) before creating
them, so ``seed_demo`` can run again on a database it already filled.
"""

import calendar
import datetime
import io
import math
import random
import unicodedata
import zlib
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from cercles import models as c
from cercles.enums import AttendanceStatus, CercleKind, CommitmentStatus, MeetingStatus, MemberRole
from demo import data, data_cercles, funding, visions_data
from demo.network import seed_network
from demo.practices import seed_practices
from demo.proposals import seed_proposals
from demo.public import seed_public_pages
from demo.reminders import seed_reminder_examples
from demo.stats import seed_statistics
from notifications.enums import Delivery, ReminderStatus
from notifications.models import Notification, Reminder
from notifications.registry import get_kind
from quartiers import events as site_events
from quartiers import models as q
from quartiers.enums import InterventionKind, SiteStatus, StructureKind, TrinomeSeat
from visions import models as v
from visions import progress
from visions.enums import ActionStatus, Condition, Direction, VisionStatus


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
            accompaniment, _ = q.Accompaniment.objects.update_or_create(
                centre=centre,
                site=sites[site_name],
                kind=kind,
                start_date=_date(start),
                defaults={
                    "end_date": _date(end) if end else None,
                    "hours_planned": Decimal(planned),
                },
            )
            seed_interventions(accompaniment, Decimal(done))


INTERVENTION_KINDS = [
    InterventionKind.SEANCE_FORMATION,
    InterventionKind.ATELIER,
    InterventionKind.APPUI,
    InterventionKind.REUNION,
    InterventionKind.VISITE,
]


def seed_interventions(accompaniment, done: Decimal) -> None:
    """Sessions of three hours (the last one shorter) spread from the start of the
    accompaniment to its end or today: their sum is the hours done."""
    count = math.ceil(done / 3)
    first = accompaniment.start_date
    today = timezone.localdate()
    last = min(accompaniment.end_date or today, today)
    span = max((last - first).days, 0)
    for index in range(count):
        q.Intervention.objects.update_or_create(
            accompaniment=accompaniment,
            note=f"Séance n° {index + 1} (démonstration)",
            defaults={
                "date": first + datetime.timedelta(days=span * (index + 1) // (count + 1)),
                "hours": min(Decimal(3), done - 3 * index),
                "kind": INTERVENTION_KINDS[index % len(INTERVENTION_KINDS)],
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


# --- Cercles de courageux --------------------------------------------------------------------
#
# Dates are relative to the day of the seeding, so that the demo always has upcoming
# meetings and overdue commitments. Rows are keyed by what does not move with the date
# (a cercle's name, a meeting's number in its cercle, a text within a meeting): a run on
# the same day changes nothing, a run on a later day moves the same rows to new dates.
# A meeting's agenda, attendance, decisions and commitments are created in bulk (the
# demo's bulk load leaves no history entry for them, as an import would not).


def _upsert(model, lookup: dict, values: dict):
    """Get or create by ``lookup``; save only what differs (no empty history entries)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def _nth_weekday(year: int, month: int, weekday: int, rank: int) -> datetime.date:
    """The ``rank``-th (0-based) ``weekday`` of a month: « le 2e mardi »."""
    first = 1 + (weekday - calendar.monthrange(year, month)[0]) % 7
    return datetime.date(year, month, first + 7 * rank)


def _month(today: datetime.date, offset: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + offset
    return index // 12, index % 12 + 1


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class _Names:
    """Invented partners' names, handed out in the same order on every run."""

    def __init__(self):
        self.position = 0

    def next(self) -> tuple[str, str]:
        # Distinct pairs for the first 30 × 30 draws (the two indexes never repeat together).
        k, firsts, lasts = self.position, data_cercles.FIRST_NAMES, data_cercles.LAST_NAMES
        self.position += 1
        return firsts[k % len(firsts)], lasts[(7 * k + k // len(firsts)) % len(lasts)]


def _partners(site, names: _Names) -> list[q.Personne]:
    first_quartier = site.quartiers.order_by("code").first()
    commune = first_quartier.communes.order_by("code").first()
    quartier = first_quartier.name.split(" (")[0]
    people = []
    for pattern, kind, function in data_cercles.PARTNERS:
        structure = _structure(
            pattern.format(commune=commune.name, quartier=quartier), kind, commune
        )
        first, last = names.next()
        personne = _personne(first, last, structure, function)
        personne.sites.add(site)
        people.append(personne)
    return people


def _members(cercle, people: list[tuple[q.Personne, str]], joined_on) -> list[c.CercleMember]:
    first_roles: dict = {}
    for personne, role in people:
        first_roles.setdefault(personne, role)  # once each, with their first role, in order
    people = list(first_roles.items())
    return [
        _upsert(
            c.CercleMember,
            {"cercle": cercle, "personne": personne, "left_on": None},
            {"role": role, "joined_on": joined_on},
        )
        for personne, role in people
    ]


def _plan_meeting(members, rng, *, day, held: bool, comite: bool, today) -> dict:
    """What one meeting holds, decided in memory first (the minutes sum it up)."""
    agenda = rng.sample(data_cercles.COMITE_AGENDA if comite else data_cercles.AGENDA, 3)
    plan = {"agenda": agenda, "attendance": {}, "decisions": {}, "commitments": {}, "minutes": ""}
    if not held:
        return plan
    for member in members:
        plan["attendance"][member.pk] = rng.choices(list(AttendanceStatus), weights=[75, 15, 10])[0]
    pool = data_cercles.COMITE_DECISIONS if comite else data_cercles.DECISIONS
    for text, months in rng.sample(pool, rng.randint(1, 2)):
        review = None
        if months:
            year, month = _month(day, months)
            review = datetime.date(year, month, min(day.day, 28))
        plan["decisions"][text] = {"review_on": review}
    owners = [m.personne for m in members]
    lines = []
    for index, text in enumerate(rng.sample(data_cercles.COMMITMENTS, rng.randint(1, 3))):
        owner = owners[0] if index == 0 else rng.choice(owners)  # the animateur·rice often
        due = day + datetime.timedelta(weeks=rng.randint(3, 6))
        roll, long_ago = rng.random(), due < today - datetime.timedelta(days=30)
        status, done_on = CommitmentStatus.A_FAIRE, None
        if long_ago and roll < 0.75:
            done_on = min(today, due + datetime.timedelta(days=rng.randint(-10, 5)))
            status = CommitmentStatus.FAIT
        elif long_ago and roll < 0.85:
            status = CommitmentStatus.ABANDONNE
        elif due < today and roll < 0.5:
            status, done_on = CommitmentStatus.FAIT, min(today, due)
        plan["commitments"][text] = {
            "owner": owner,
            "due_on": due,
            "status": status,
            "done_on": done_on,
        }
        lines.append(f"- {text} ({owner}, pour le {due:%d/%m/%Y})")
    present = sum(s == AttendanceStatus.PRESENT for s in plan["attendance"].values())
    plan["minutes"] = data_cercles.MINUTES.format(
        present=present,
        total=len(members),
        items="\n".join(f"- {title}" for title in agenda),
        decisions="\n".join(f"- **{text}**" for text in plan["decisions"]),
        commitments="\n".join(lines),
        author=owners[0],
    )
    return plan


class _Children:
    """A cercle's existing agenda items, attendances, decisions and commitments, by key:
    read in four queries, updated one by one when they differ, created in bulk."""

    KEYS = {
        c.AgendaItem: lambda o: (o.meeting_id, o.position),
        c.Attendance: lambda o: (o.meeting_id, o.member_id),
        c.Decision: lambda o: (o.meeting_id, o.text),
        c.Commitment: lambda o: (o.meeting_id, o.text),
    }

    def __init__(self, cercle):
        self.existing = {
            model: {key(o): o for o in model.objects.filter(meeting__cercle=cercle)}
            for model, key in self.KEYS.items()
        }
        self.new = {model: [] for model in self.KEYS}

    def put(self, model, meeting, key, values: dict) -> None:
        obj = self.existing[model].pop((meeting.pk, key), None)
        if obj is None:
            extra = {"cercle_id": meeting.cercle_id} if model is c.Decision else {}
            self.new[model].append(model(meeting=meeting, **extra, **values))
            return
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()

    def finish(self, upcoming: set[int]) -> None:
        # A meeting moved back to the future (seeded on a later day) loses what it
        # « produced » when it was past; rows added by hand elsewhere stay.
        for model in (c.Attendance, c.Decision, c.Commitment):
            for (meeting_pk, _key), obj in self.existing[model].items():
                if meeting_pk in upcoming:
                    obj.delete()
        for model, objects in self.new.items():
            # bulk_create sends no signal: the decisions' and commitments' events here.
            site_events.record_created(model.objects.bulk_create(objects))


def _seed_meetings(cercle, members, *, offsets, weekday, rank, hour, place, seed, today):
    comite = cercle.kind == CercleKind.COMITE
    cancelled = 6 if not comite else None
    meetings = {m.sequence: m for m in c.Meeting.objects.filter(cercle=cercle)}
    children = _Children(cercle)
    upcoming = set()
    for sequence, offset in enumerate(offsets, start=1):
        year, month = _month(today, offset)
        day = _nth_weekday(year, month, weekday, rank)
        held = day < today and sequence != cancelled
        status = (
            MeetingStatus.ANNULEE
            if sequence == cancelled
            else MeetingStatus.TENUE
            if held
            else MeetingStatus.PREVUE
        )
        # One generator per meeting: its content depends on its own key only.
        rng = random.Random(f"{seed}:{sequence}")
        plan = _plan_meeting(members, rng, day=day, held=held, comite=comite, today=today)
        values = {
            "starts_at": _at(day, hour),
            "ends_at": _at(day, hour + 2),
            "place": place,
            "status": status,
            "minutes": plan["minutes"],
        }
        meeting = meetings.get(sequence)
        if meeting is None:
            meeting = c.Meeting.objects.create(cercle=cercle, sequence=sequence, **values)
        elif any(getattr(meeting, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(meeting, name, value)
            meeting.save()
        if not held:
            upcoming.add(meeting.pk)
        for position, title in enumerate(plan["agenda"], start=1):
            children.put(c.AgendaItem, meeting, position, {"position": position, "title": title})
        for member_pk, value in plan["attendance"].items():
            children.put(
                c.Attendance, meeting, member_pk, {"member_id": member_pk, "status": value}
            )
        for text, values in plan["decisions"].items():
            children.put(c.Decision, meeting, text, {"text": text, **values})
        for text, values in plan["commitments"].items():
            children.put(c.Commitment, meeting, text, {"text": text, **values})
    children.finish(upcoming)


def _months(offsets, *, gone: bool, quiet_from: int | None) -> list[int]:
    """The months (offsets from today) a cercle meets: none for a site that left the
    programme or paused; none from ``quiet_from`` to now for a site gone quiet (its next
    meetings are still planned)."""
    if gone:
        return []
    return [o for o in offsets if quiet_from is None or not quiet_from <= o <= 0]


def seed_cercles(users: dict[str, User]) -> None:
    """One or two cercles de courageux and a comité de pilotage per site past « repéré »,
    with a year of meetings, their decisions and commitments."""
    today = timezone.localdate()
    names = _Names()
    # The demo accounts of site members are the trinôme people of the same name.
    for email in ("membre@qic.demo", "membre.roubaix@qic.demo"):
        user = users[email]
        personne = q.Personne.objects.filter(
            first_name=user.first_name, last_name=user.last_name, user__isnull=True
        ).first()
        if personne and not q.Personne.objects.filter(user=user).exists():
            personne.user = user
            personne.save()
    sites = q.Site.objects.exclude(status=SiteStatus.REPERE).order_by("name")
    quiet = {spec["name"]: spec.get("quiet_from") for spec in data.SITES}
    for index, site in enumerate(sites):
        gone = site.status in (SiteStatus.SORTI, SiteStatus.SUSPENDU)

        seats = list(TrinomeSeat)  # collectivité first: she or he leads the cercles
        mandates = site.trinome_mandates.filter(end_date__isnull=True).select_related("personne")
        trinome = [m.personne for m in sorted(mandates, key=lambda m: seats.index(m.seat))]
        partners = _partners(site, names)
        first_meeting = _nth_weekday(*_month(today, -10), 1, 1)
        joined_on = first_meeting - datetime.timedelta(days=14)
        themes = [data_cercles.THEMES[index % len(data_cercles.THEMES)]]
        if index % 3 == 0:
            themes.append(data_cercles.THEMES[(index + 3) % len(data_cercles.THEMES)])
        for number, (theme, purpose) in enumerate(themes):
            cercle = _upsert(
                c.Cercle,
                {"site": site, "name": f"Cercle de courageux — {theme}"},
                {"kind": CercleKind.CERCLE, "purpose": purpose},
            )
            chosen = partners[number * 3 : number * 3 + 5] if number else partners[:5]
            people = [
                (p, MemberRole.ANIMATEUR if i == 0 else MemberRole.MEMBRE)
                for i, p in enumerate(trinome)
            ]
            people += [(p, MemberRole.MEMBRE) for p in chosen]
            people.append((partners[-1], MemberRole.INVITE))
            members = _members(cercle, people, joined_on)
            _seed_meetings(
                cercle,
                members,
                offsets=_months(range(-10, 3), gone=gone, quiet_from=quiet[site.name]),
                weekday=1 + number * 2,  # Tuesdays, or Thursdays for a second cercle
                rank=1 + index % 3,  # not every site meets the same week
                hour=18,
                place=f"{partners[0].structure.name}, salle polyvalente",
                seed=index * 10 + number,
                today=today,
            )
        comite = _upsert(
            c.Cercle,
            {"site": site, "name": "Comité de pilotage"},
            {
                "kind": CercleKind.COMITE,
                "purpose": "L'instance qui porte la vision du site et arbitre.",
            },
        )
        leaders = [partners[1], partners[2]]
        people = [
            (p, MemberRole.ANIMATEUR if i == 0 else MemberRole.MEMBRE)
            for i, p in enumerate(trinome)
        ]
        people += [(p, MemberRole.MEMBRE) for p in leaders]
        members = _members(comite, people, joined_on)
        _seed_meetings(
            comite,
            members,
            offsets=_months(range(-9, 4, 3), gone=gone, quiet_from=quiet[site.name]),
            weekday=0,  # Mondays
            rank=(index + 1) % 4,
            hour=14,
            place="Hôtel de ville, salle du conseil",
            seed=index * 10 + 9,
            today=today,
        )


def seed_cercle_vision_links() -> None:
    """Each cercle carries two objectives of its site's vision; one commitment in three
    serves an action of the plan. Re-running changes nothing."""
    for cercle in c.Cercle.objects.select_related("site").order_by("pk"):
        if cercle.objectives.exists():
            continue
        objectives = v.Objective.objects.filter(vision__site=cercle.site).order_by("position")
        offset = cercle.pk % 3
        cercle.objectives.set(list(objectives[offset : offset + 2]))
    # Chosen by what names the commitment (not by its rank among the site's rows, which
    # moves when a later step or a later day adds one), so a second run links nothing new.
    for site in q.Site.objects.order_by("pk"):
        actions = list(v.Action.objects.filter(site=site).order_by("pk"))
        if not actions:
            continue
        commitments = c.Commitment.objects.filter(
            meeting__cercle__site=site, action__isnull=True
        ).select_related("meeting__cercle")
        for commitment in commitments:
            key = f"{site.name}|{commitment.meeting.cercle.name}|{commitment.text}"
            draw = zlib.crc32(key.encode())
            if draw % 3 == 0:
                commitment.action = actions[draw // 3 % len(actions)]
                commitment.save(update_fields=["action"])


@transaction.atomic
def seed_all() -> dict[str, User]:
    users = seed_users()
    seed_territories()
    seed_programme()
    seed_statistics()
    seed_sites(chef=users["chef@qic.demo"])
    seed_centres()
    seed_grants(users)
    seed_visions()
    seed_cercles(users)
    seed_notifications(users)
    seed_reminder_examples(users["membre@qic.demo"])
    funding.seed_funding()  # before the links: its retained proposals are actions too
    seed_proposals()
    # Last: it links the reminder examples' commitments too.
    seed_cercle_vision_links()
    seed_practices()
    seed_public_pages()
    seed_network()  # demo/network.py: hand links, cooperation indicators, stored metrics
    # What time alone made happen by today (commitments now late): the daily job's work.
    site_events.sync_due()
    # Decisions and commitments are written in bulk (no signal): the search index after.
    call_command("reindex", stdout=io.StringIO())
    return users


# Visions ---------------------------------------------------------------------------------

# Indicator scenarios, in turn: where the curve goes.
SCENARIOS = ["on_track", "off_track", "on_track", "wrong_way", "overdue"]
ACTION_STATUSES = [
    ActionStatus.EN_COURS,
    ActionStatus.PLANIFIEE,
    ActionStatus.TERMINEE,
    ActionStatus.IDEE,
    ActionStatus.ABANDONNEE,
    ActionStatus.EN_COURS,
]
REVISED_SITE = "Vaulx-en-Velin — Mas des Sources"
REVISING_SITE = "Marseille — Vallée de l'Huveaune"


def seed_visions() -> None:
    """A vision per demo site, in the state its path implies: a draft before the
    formation-action, in concertation during it, adopted after (one revised, with two
    versions; one under revision), with objectives, indicators measured quarterly for a
    few years (some on track, some off, some overdue), actions in every status and two
    self-assessments per engaged site. Deterministic (seeded) and idempotent."""
    today = timezone.localdate()
    for site_index, spec in enumerate(data.SITES):
        site = q.Site.objects.get(name=spec["name"])
        steps = {status: _date(day) for status, day, _comment in spec["statuses"]}
        rng = random.Random(f"visions|{site.name}")
        themes = visions_data.SITE_THEMES.get(site.name) or rng.sample(
            sorted(visions_data.THEMES), 3
        )
        quiet_from = spec.get("quiet_from")
        quiet_since = datetime.date(*_month(today, quiet_from), 1) if quiet_from else None
        first_quartier = q.Quartier.objects.get(code=spec["quartiers"][0])
        commune = first_quartier.communes.order_by("code").first()
        vision = _seed_vision(site, steps, themes, first_quartier)
        if vision.status == VisionStatus.BROUILLON:
            themes = themes[:2]
        objectives = [
            _objective(vision, position, visions_data.THEMES[theme])
            for position, theme in enumerate(themes, start=1)
        ]
        if vision.status == VisionStatus.BROUILLON:
            continue
        adopted = vision.versions.order_by("number").first()
        baseline_day = adopted.adopted_on if adopted else None
        structures = {
            key: _structure(pattern.format(city=commune.name), kind, commune)
            for key, (pattern, kind) in visions_data.STRUCTURES.items()
        }
        counter = 0
        for objective, theme in zip(objectives, themes, strict=True):
            specs = list(visions_data.THEMES[theme]["indicators"])
            if objective.position == 1 and adopted:
                context = visions_data.CONTEXT_INDICATORS
                specs.append(context[site_index % len(context)])
            for indicator_spec in specs:
                scenario = SCENARIOS[counter % len(SCENARIOS)]
                indicator = _indicator(objective, indicator_spec, baseline_day, today)
                if adopted:
                    _measurements(site, indicator, scenario, today, until=quiet_since)
                    if scenario == "wrong_way":
                        v.TurnTheCurve.objects.get_or_create(
                            indicator=indicator, defaults=visions_data.CURVE_STORY
                        )
                counter += 1
        _seed_actions(site, objectives, themes, structures, adopted, today)
        _seed_assessments(site, steps, vision, today)


def _seed_vision(site, steps, themes, quartier) -> v.Vision:
    promesses = ", ".join(visions_data.PROMISES[t] for t in themes[:-1])
    promesses += f" et {visions_data.PROMISES[themes[-1]]}" if len(themes) > 1 else ""
    name = quartier.name.replace(" (fictif)", "").replace(", 2015", "")
    statement = visions_data.STATEMENT.format(horizon=2030, quartier=name, promesses=promesses)
    adopted_on = steps.get("vision_adoptee")
    if adopted_on:
        status = VisionStatus.ADOPTEE
    elif "formation_action" in steps:
        status = VisionStatus.CONCERTATION
    else:
        status = VisionStatus.BROUILLON
    body = "comité de pilotage du {:%d/%m/%Y}"
    vision, created = v.Vision.objects.get_or_create(
        site=site,
        defaults={
            "statement": statement,
            "horizon": 2030,
            "status": status,
            "adopted_on": adopted_on,
            "adopted_by": body.format(adopted_on) if adopted_on else "",
        },
    )
    if not created or not adopted_on:
        return vision
    v.VisionVersion.objects.create(
        vision=vision,
        number=1,
        statement=statement,
        horizon=2030,
        adopted_on=adopted_on,
        adopted_by=body.format(adopted_on),
    )
    if site.name == REVISED_SITE:
        revised_on = datetime.date(2025, 5, 20)
        revised = statement.replace("En 2030", "En 2032") + visions_data.REVISION_ADDITION
        v.VisionVersion.objects.create(
            vision=vision,
            number=2,
            statement=revised,
            horizon=2032,
            adopted_on=revised_on,
            adopted_by="assemblée des partenaires du 20/05/2025",
        )
        vision.statement, vision.horizon = revised, 2032
        vision.adopted_on, vision.adopted_by = revised_on, "assemblée des partenaires du 20/05/2025"
        vision.save()
    elif site.name == REVISING_SITE:
        vision.status = VisionStatus.REVISION
        vision.statement = statement + (
            " Le quartier est relié à la vallée par des cheminements sûrs et verts."
        )
        vision.save()
    return vision


def _objective(vision, position, theme) -> v.Objective:
    objective, _ = v.Objective.objects.get_or_create(
        vision=vision,
        title=theme["title"],
        defaults={
            "position": position,
            "description": theme["description"],
            "contrat_priority": theme["priority"],
        },
    )
    return objective


def _indicator(objective, spec, adopted_on, today) -> v.Indicator:
    name, unit, source, direction, baseline, target, frequency = spec
    if adopted_on:
        # The figure known when the vision was adopted.
        baseline_date = progress.last_closed_period(frequency, adopted_on).end
    else:
        baseline_date = progress.last_closed_period(frequency, today).end
    maintien = direction == Direction.MAINTIEN
    indicator, _ = v.Indicator.objects.get_or_create(
        objective=objective,
        name=name,
        defaults={
            "unit": unit,
            "source": source,
            "direction": direction,
            "baseline_value": Decimal(baseline),
            "baseline_date": baseline_date,
            "target_value": None if maintien else Decimal(target),
            "target_date": None if maintien else datetime.date(objective.vision.horizon, 12, 31),
            "tolerance": Decimal(target) if maintien else None,
            "frequency": frequency,
        },
    )
    return indicator


def _measurements(site, indicator, scenario, today, until=None) -> None:
    """Values for the periods closed by ``today``; a site gone quiet stopped measuring
    on ``until``."""
    periods = []
    period = progress.last_closed_period(indicator.frequency, today)
    while period.end > indicator.baseline_date:
        if until is None or period.end < until:
            periods.insert(0, period)
        period = progress.previous_period(period)
    if scenario == "overdue":
        periods = periods[: -1 if indicator.frequency == "annuelle" else -2]
    baseline, target = float(indicator.baseline_value), indicator.target_value
    for period in periods:
        # One draw per period: the same value whatever the day the demo is seeded.
        rng = random.Random(f"{site.name}|{indicator.name}|{period.end}")
        if indicator.direction == Direction.MAINTIEN:
            tolerance = float(indicator.tolerance)
            value = baseline + rng.uniform(-1.3, 1.3) * tolerance
        else:
            expected = progress.expected_ratio(
                indicator.baseline_date, indicator.target_date, period.end
            )
            share = {
                "on_track": rng.uniform(0.95, 1.3),
                "overdue": rng.uniform(0.9, 1.2),
                "off_track": rng.uniform(0.15, 0.45),
                "wrong_way": -rng.uniform(0.3, 0.9),
            }[scenario]
            value = baseline + expected * share * (float(target) - baseline)
        value = round(value, 1) if indicator.unit == "%" else max(0, round(value))
        v.Measurement.objects.get_or_create(
            indicator=indicator,
            date=period.end,
            defaults={"value": Decimal(str(value)), "comment": ""},
        )


def _seed_actions(site, objectives, themes, structures, adopted, today) -> None:
    counter = 0
    for objective, theme in zip(objectives, themes, strict=True):
        for title, porteur, partner in visions_data.THEMES[theme]["actions"]:
            if adopted:
                status = ACTION_STATUSES[counter % len(ACTION_STATUSES)]
                start = adopted.adopted_on + datetime.timedelta(days=45 + 40 * counter)
            else:
                status, start = ActionStatus.IDEE, None
            counter += 1
            if not adopted and counter > 2:
                return
            rng = random.Random(f"{site.name}|{title}")
            if status in (ActionStatus.IDEE, ActionStatus.PLANIFIEE):
                start = (
                    None
                    if status == ActionStatus.IDEE
                    else max(start, today) + datetime.timedelta(days=30)
                )
            end = None
            if status == ActionStatus.TERMINEE:
                end = min(start + datetime.timedelta(days=180), today)
            elif status == ActionStatus.EN_COURS:
                end = start + datetime.timedelta(days=540)
            action, created = v.Action.objects.get_or_create(
                site=site,
                title=title,
                defaults={
                    "description": visions_data.THEMES[theme]["description"],
                    "porteur": structures[porteur],
                    "status": status,
                    "start_date": start,
                    "end_date": end,
                    "progress": {
                        ActionStatus.IDEE: 0,
                        ActionStatus.PLANIFIEE: 0,
                        ActionStatus.EN_COURS: rng.randrange(20, 85, 5),
                        ActionStatus.TERMINEE: 100,
                        ActionStatus.ABANDONNEE: rng.randrange(5, 40, 5),
                    }[status],
                    "budget": rng.choice([None, Decimal(4500), Decimal(12000), Decimal(38000)]),
                    "funders": rng.choice(
                        ["", "État (BOP 147), Ville", "Ville, CAF", "État, bailleur"]
                    ),
                },
            )
            if not created:
                continue
            action.objectives.set([objective])
            action.partners.set([structures[partner]])
            if start and status != ActionStatus.ABANDONNEE:
                for offset, label in [
                    (60, "Lancement avec les partenaires"),
                    (150, "Premier bilan"),
                ]:
                    due = start + datetime.timedelta(days=offset)
                    v.Milestone.objects.create(
                        action=action,
                        title=label,
                        due_date=due,
                        done=due < today and (status == ActionStatus.TERMINEE or offset == 60),
                    )


def _seed_assessments(site, steps, vision, today) -> None:
    start = steps.get("formation_action")
    if start is None:
        return
    first = start + datetime.timedelta(days=120)
    second = min(first + datetime.timedelta(days=365), today - datetime.timedelta(days=20))
    if second <= first:
        return
    rng = random.Random(f"auto-evaluation|{site.name}")
    before = {condition: rng.choice([1, 2]) for condition in Condition}
    if vision.status != VisionStatus.CONCERTATION:
        before[Condition.COMMON_AGENDA] = 2
    after = {c: min(4, score + rng.choice([0, 1, 1])) for c, score in before.items()}
    if vision.versions.exists():
        after[Condition.COMMON_AGENDA] = max(after[Condition.COMMON_AGENDA], 3)
    comments = {
        Condition.COMMON_AGENDA: "La vision est écrite avec les partenaires ; les habitants "
        "restent à associer davantage.",
        Condition.SHARED_MEASUREMENT: "Les indicateurs sont choisis ; la saisie trimestrielle "
        "commence à entrer dans les habitudes.",
    }
    for day, scores in ((first, before), (second, after)):
        v.SelfAssessment.objects.get_or_create(
            site=site,
            date=day,
            defaults={
                **{f"{c.value}_score": s for c, s in scores.items()},
                **{f"{c.value}_comment": text for c, text in comments.items()},
            },
        )
