"""The national-scale data set of the benchmark (``manage.py seed_scale``).

Per site: one QPV, a trinôme, 48 people, an adopted vision with 6 objectives and
24 quarterly indicators measured for 6 years, 40 actions, 4 cercles of 12 members that
met monthly for 5 years, about 600 commitments (each with its change-journal entry) and
a decision every fourth meeting. At 1,600 sites: about 0.9M measurements, 0.96M
commitments and as many journal entries, 384k meetings.

Deterministic: the same ``seed``, ``sites`` and reference day give the same rows. Rows
are written in bulk (``bench.loader``), never through ``save()``: no signal, no
change-journal entry except the ones written here on purpose.
"""

import calendar
import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from bench.loader import Loader
from cercles import models as c
from cercles.enums import CercleKind, CommitmentStatus, MeetingStatus, MemberRole
from quartiers import models as q
from quartiers.enums import AccompanimentKind, Programme, SiteStatus, StructureKind, TrinomeSeat
from quartiers.importers import import_qpv
from quartiers.importers.synthetic import QUARTIER_NAMES, synthetic_qpv_csv
from visions import models as v
from visions.enums import ActionStatus, Direction, Frequency, VisionStatus
from visions.progress import store_standing

PASSWORD = "qic-bench-2026"
DOMAIN = "bench.qic.localhost"
# Personas the benchmark logs in as (e-mail local part → role).
PERSONAS = {
    "admin": Role.ADMIN,
    "chef": Role.CHEF_DE_PROJET,
    "membre": Role.MEMBRE,
    "centre": Role.CENTRE,
}
LOAD_USERS = 50  # « charge-01 » … : members of sites 1…50, for the load test
CENTRE_SITES = 20  # the centre persona's structure accompanies this many sites

OBJECTIVES = 6
INDICATORS_PER_OBJECTIVE = 4
MEASUREMENT_YEARS = 6
ACTIONS = 40
CERCLES = 4
MEMBERS = 12
MEETING_MONTHS = 60
COMMITMENTS_PER_TWO_MEETINGS = 5  # 2.5 per meeting: 600 per site
DECISION_EVERY = 4

THEMES = [
    "Réussite éducative",
    "Insertion et emploi des jeunes",
    "Santé et accès aux soins",
    "Cadre de vie et habitat",
    "Tranquillité publique",
    "Participation des habitants",
    "Mobilité",
    "Lien social et vie associative",
]
INDICATOR_NAMES = [
    ("Taux de pauvreté", "%", Direction.BAISSE),
    ("Taux d'emploi des 15–64 ans", "%", Direction.HAUSSE),
    ("Jeunes ni en emploi ni en formation", "%", Direction.BAISSE),
    ("Réussite au brevet", "%", Direction.HAUSSE),
    ("Familles accompagnées", "familles", Direction.HAUSSE),
    ("Partenaires engagés", "structures", Direction.HAUSSE),
    ("Habitants aux ateliers", "personnes", Direction.HAUSSE),
    ("Logements vacants", "logements", Direction.MAINTIEN),
]
FIRST_NAMES = ["Amina", "Bruno", "Chloé", "Driss", "Élodie", "Fatou", "Gaël", "Hélène"]
LAST_NAMES = ["Martin", "Benali", "Nguyen", "Durand", "Traoré", "Lefebvre", "Moreau", "Diallo"]
PORTEURS = ["Centre social", "Mission locale", "Régie de quartier", "Maison de santé"]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass
class SeedReport:
    sites: int
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        rows = [
            f"{table:<40} {count:>10,}".replace(",", " ") for table, count in self.counts.items()
        ]
        total = sum(self.counts.values())
        return [*rows, f"{'total':<40} {total:>10,}".replace(",", " ")]


class ScaleSeeder:
    def __init__(self, *, sites: int, seed: int = 0, today: datetime.date | None = None):
        self.sites = sites
        self.seed = seed
        self.today = today or timezone.localdate()
        self.anchor = quarter_start(self.today)  # every date derives from this day
        self.rng = random.Random(seed)
        self.loader = Loader()
        self.tz = timezone.get_current_timezone()

    # helpers ---------------------------------------------------------------------------

    def at(self, day: datetime.date, hour: int = 12) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=self.tz)

    def ids(self, model, count: int) -> range:
        start = self.loader.next_id(model)
        return range(start, start + count)

    # steps -----------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        with disable_auditlog(), transaction.atomic():
            self.territories()
            self.users()
            self.sites_and_actors()
            self.visions()
            self.actions()
            self.cercles()
            self.meetings_and_follow_up()
            self.loader.finish()
        return self.loader.counts

    def territories(self):
        import_qpv(synthetic_qpv_csv(self.sites, seed=self.seed))
        self.quartier_ids = list(
            q.Quartier.objects.order_by("code").values_list("pk", flat=True)[: self.sites]
        )
        self.commune_ids = list(q.Commune.objects.order_by("code").values_list("pk", flat=True))
        self.loader.counts["quartiers_quartier (import_qpv)"] = len(self.quartier_ids)

    def users(self):
        password = make_password(PASSWORD)
        now = timezone.now()
        names = [*PERSONAS, *(f"charge-{n:02d}" for n in range(1, LOAD_USERS + 1))]
        ids = self.ids(User, len(names))
        self.user_ids = dict(zip(names, ids, strict=True))
        rows = []
        for name, pk in self.user_ids.items():
            role = PERSONAS.get(name, Role.MEMBRE)
            rows.append(
                (
                    pk,
                    f"{name}@{DOMAIN}",
                    password,
                    name.capitalize(),
                    "Banc d'essai",
                    role,
                    True,
                    role == Role.ADMIN,
                    role == Role.ADMIN,
                    now,
                )
            )
        self.loader.load(
            User,
            [
                "id",
                "email",
                "password",
                "first_name",
                "last_name",
                "role",
                "is_active",
                "is_staff",
                "is_superuser",
                "date_joined",
            ],
            rows,
        )

    def sites_and_actors(self):
        n, rng, anchor = self.sites, self.rng, self.anchor
        created = self.at(add_months(anchor, -12 * MEASUREMENT_YEARS - 3))
        cohort_ids = self.ids(q.Cohort, 2)
        self.loader.load(
            q.Cohort,
            ["id", "year", "name", "description", "updated_at"],
            [
                (cohort_ids[0], 2022, "Cohorte 2022", "", created),
                (cohort_ids[1], 2024, "Cohorte 2024", "", created),
            ],
        )
        self.site_ids = list(self.ids(q.Site, n))
        statuses = [SiteStatus.MISE_EN_OEUVRE] * 6 + [
            SiteStatus.VISION_ADOPTEE,
            SiteStatus.ESSAIMAGE,
            SiteStatus.FORMATION_ACTION,
            SiteStatus.SUSPENDU,
        ]
        chef = self.user_ids["chef"]
        self.site_status = {}
        site_rows = []
        for i, pk in enumerate(self.site_ids):
            status = statuses[i % len(statuses)]
            self.site_status[pk] = status
            programme = Programme.EXPERIMENTATION if i % 5 else Programme.CENTRE_RESSOURCES
            site_rows.append(
                (
                    pk,
                    f"{rng.choice(QUARTIER_NAMES)} — site {i + 1:04d}",
                    "",
                    programme,
                    cohort_ids[i % 2],
                    status,
                    chef if i % 8 == 0 else None,
                    f"Contrat de ville Engagements Quartiers 2030 n° {i + 1}",
                    "",
                    created,
                    created,
                )
            )
        self.loader.load(
            q.Site,
            [
                "id",
                "name",
                "description",
                "programme",
                "cohort",
                "status",
                "chef_de_projet",
                "contrat_de_ville",
                "contrat_de_ville_url",
                "created_at",
                "updated_at",
            ],
            site_rows,
        )
        through = q.Site.quartiers.through
        link_ids = self.ids(through, n)
        self.loader.load(
            through,
            ["id", "site", "quartier"],
            [
                (link_ids[i], self.site_ids[i], self.quartier_ids[i % len(self.quartier_ids)])
                for i in range(n)
            ],
        )
        # Status history: repéré, candidat, then the current status.
        change_ids = iter(self.ids(q.SiteStatusChange, 3 * n))
        rows = []
        for pk in self.site_ids:
            for months, status in (
                (-72, SiteStatus.REPERE),
                (-66, SiteStatus.CANDIDAT),
                (-60, self.site_status[pk]),
            ):
                day = add_months(anchor, months)
                rows.append(
                    (next(change_ids), pk, status, day, "Étape du parcours.", None, self.at(day))
                )
        self.loader.load(
            q.SiteStatusChange,
            ["id", "site", "status", "date", "comment", "author", "created_at"],
            rows,
        )
        # Structures: 4 per site (collectivité, État, association, porteur) + the centre.
        per_site = [
            StructureKind.COLLECTIVITE,
            StructureKind.ETAT,
            StructureKind.ASSOCIATION,
            StructureKind.ASSOCIATION,
        ]
        structure_ids = iter(self.ids(q.Structure, 4 * n + 1))
        self.structures = {}
        rows = []
        for i, pk in enumerate(self.site_ids):
            names = [
                f"Ville du site {i + 1}",
                f"Préfecture — délégué du préfet {i + 1}",
                f"Association du quartier {i + 1}",
                f"{PORTEURS[i % 4]} {i + 1}",
            ]
            ids = [next(structure_ids) for _ in per_site]
            self.structures[pk] = ids
            for sid, kind, name in zip(ids, per_site, names, strict=True):
                rows.append(
                    (
                        sid,
                        name,
                        kind,
                        "",
                        self.commune_ids[i % len(self.commune_ids)],
                        None,
                        created,
                        created,
                    )
                )
        self.centre_id = next(structure_ids)
        rows.append(
            (
                self.centre_id,
                "Centre de ressources du banc d'essai",
                StructureKind.CENTRE_RESSOURCES,
                "",
                None,
                None,
                created,
                created,
            )
        )
        self.loader.load(
            q.Structure,
            ["id", "name", "kind", "siret", "commune", "created_by", "created_at", "updated_at"],
            rows,
        )
        members = q.Structure.members.through
        self.loader.load(
            members,
            ["id", "structure", "user"],
            [(self.ids(members, 1)[0], self.centre_id, self.user_ids["centre"])],
        )
        acc_ids = self.ids(q.Accompaniment, min(CENTRE_SITES, n))
        self.loader.load(
            q.Accompaniment,
            [
                "id",
                "centre",
                "site",
                "kind",
                "start_date",
                "end_date",
                "hours_planned",
                "hours_done",
                "updated_at",
            ],
            [
                (
                    acc_ids[i],
                    self.centre_id,
                    self.site_ids[i],
                    AccompanimentKind.COACHING,
                    add_months(anchor, -24),
                    None,
                    Decimal(15),
                    Decimal(9),
                    created,
                )
                for i in range(len(acc_ids))
            ],
        )
        # People: 48 per site, all linked to their site; the first three hold the trinôme.
        people = MEMBERS * CERCLES
        person_ids = iter(self.ids(q.Personne, people * n))
        self.people = {}
        rows = []
        for i, pk in enumerate(self.site_ids):
            ids = [next(person_ids) for _ in range(people)]
            self.people[pk] = ids
            structures = self.structures[pk]
            for k, pid in enumerate(ids):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                rows.append(
                    (
                        pid,
                        first,
                        f"{last}-{i + 1}",
                        f"p{pid}@{DOMAIN}",
                        "",
                        structures[k % 4],
                        "Partenaire",
                        None,
                        None,
                        created,
                        created,
                    )
                )
        self.loader.load(
            q.Personne,
            [
                "id",
                "first_name",
                "last_name",
                "email",
                "phone",
                "structure",
                "function",
                "user",
                "created_by",
                "created_at",
                "updated_at",
            ],
            rows,
        )
        through = q.Personne.sites.through
        link_ids = iter(self.ids(through, people * n))
        self.loader.load(
            through,
            ["id", "personne", "site"],
            ((next(link_ids), pid, pk) for pk in self.site_ids for pid in self.people[pk]),
        )
        mandate_ids = iter(self.ids(q.TrinomeMandate, 3 * n))
        seats = [TrinomeSeat.COLLECTIVITE, TrinomeSeat.ETAT, TrinomeSeat.ASSOCIATION]
        start = add_months(anchor, -60)
        self.loader.load(
            q.TrinomeMandate,
            ["id", "site", "seat", "personne", "structure", "start_date", "end_date", "updated_at"],
            (
                (
                    next(mandate_ids),
                    pk,
                    seat,
                    self.people[pk][k],
                    self.structures[pk][k],
                    start,
                    None,
                    created,
                )
                for pk in self.site_ids
                for k, seat in enumerate(seats)
            ),
        )
        # Site access: the member persona on site 1, « charge-NN » on site NN.
        grants = [("membre", 0)] + [
            (f"charge-{k:02d}", (k - 1) % n) for k in range(1, LOAD_USERS + 1)
        ]
        access_ids = self.ids(q.SiteAccess, len(grants))
        self.loader.load(
            q.SiteAccess,
            ["id", "site", "user", "granted_by", "created_at"],
            [
                (access_ids[k], self.site_ids[i], self.user_ids[name], None, created)
                for k, (name, i) in enumerate(grants)
            ],
        )

    def visions(self):
        n, rng, anchor = self.sites, self.rng, self.anchor
        adopted = add_months(anchor, -60)
        vision_ids = self.ids(v.Vision, n)
        self.vision_of = dict(zip(self.site_ids, vision_ids, strict=True))
        at = self.at(adopted)
        self.loader.load(
            v.Vision,
            [
                "id",
                "site",
                "statement",
                "horizon",
                "status",
                "adopted_on",
                "adopted_by",
                "created_at",
                "updated_at",
            ],
            (
                (
                    vid,
                    pk,
                    "En 2030, le quartier est un lieu où chacun trouve sa place.",
                    2030,
                    VisionStatus.ADOPTEE,
                    adopted,
                    "Comité de pilotage",
                    at,
                    at,
                )
                for pk, vid in self.vision_of.items()
            ),
        )
        version_ids = iter(self.ids(v.VisionVersion, n))
        self.loader.load(
            v.VisionVersion,
            [
                "id",
                "vision",
                "number",
                "statement",
                "horizon",
                "adopted_on",
                "adopted_by",
                "recorded_by",
                "created_at",
            ],
            (
                (
                    next(version_ids),
                    vid,
                    1,
                    "En 2030, le quartier est un lieu où chacun trouve sa place.",
                    2030,
                    adopted,
                    "Comité de pilotage",
                    None,
                    at,
                )
                for vid in vision_ids
            ),
        )
        objective_ids = iter(self.ids(v.Objective, OBJECTIVES * n))
        self.objectives = {}
        rows = []
        for pk in self.site_ids:
            ids = [next(objective_ids) for _ in range(OBJECTIVES)]
            self.objectives[pk] = ids
            for k, oid in enumerate(ids):
                rows.append(
                    (oid, self.vision_of[pk], k, THEMES[(pk + k) % len(THEMES)], "", "", at)
                )
        self.loader.load(
            v.Objective,
            ["id", "vision", "position", "title", "description", "contrat_priority", "created_at"],
            rows,
        )
        # Indicators: quarterly, baseline six years before the anchor, target end of 2030.
        quarters = 4 * MEASUREMENT_YEARS
        baseline_date = add_months(anchor, -3 * quarters) - datetime.timedelta(days=1)
        target_date = datetime.date(2030, 12, 31)
        indicator_ids = iter(self.ids(v.Indicator, OBJECTIVES * INDICATORS_PER_OBJECTIVE * n))
        indicators = []
        for pk in self.site_ids:
            for oid in self.objectives[pk]:
                for _k in range(INDICATORS_PER_OBJECTIVE):
                    name, unit, direction = rng.choice(INDICATOR_NAMES)
                    baseline = Decimal(rng.randint(20, 400))
                    target = None
                    if direction == Direction.HAUSSE:
                        target = baseline * Decimal("1.3")
                    elif direction == Direction.BAISSE:
                        target = baseline * Decimal("0.7")
                    indicators.append(
                        (
                            next(indicator_ids),
                            oid,
                            name,
                            unit,
                            "INSEE",
                            direction,
                            baseline,
                            baseline_date,
                            target,
                            target_date if target is not None else None,
                            None,
                            Frequency.TRIMESTRIELLE,
                            self.at(baseline_date),
                        )
                    )
        self.loader.load(
            v.Indicator,
            [
                "id",
                "objective",
                "name",
                "unit",
                "source",
                "direction",
                "baseline_value",
                "baseline_date",
                "target_value",
                "target_date",
                "tolerance",
                "frequency",
                "created_at",
            ],
            indicators,
        )
        ends = [
            add_months(anchor, -3 * k) - datetime.timedelta(days=1)
            for k in range(quarters - 1, -1, -1)
        ]
        stamps = [self.at(day + datetime.timedelta(days=10)) for day in ends]
        measurement_ids = iter(self.ids(v.Measurement, quarters * len(indicators)))

        def measurements():
            for row in indicators:
                iid, baseline, target = row[0], row[6], row[8]
                goal = target if target is not None else baseline
                step = (goal - baseline) / quarters
                for k, day in enumerate(ends):
                    wobble = Decimal(rng.randint(-20, 20)) / 10
                    value = (baseline + step * (k + 1) * Decimal("0.9") + wobble).quantize(
                        Decimal("0.01")
                    )
                    yield (next(measurement_ids), iid, day, value, "", None, stamps[k])

        self.loader.load(
            v.Measurement,
            ["id", "indicator", "date", "value", "comment", "entered_by", "created_at"],
            measurements(),
        )
        # COPY skips the ORM: store each indicator's standing (manage.py indicator_standing).
        store_standing(v.Indicator.objects.all())

    def actions(self):
        n, anchor = self.sites, self.anchor
        action_ids = iter(self.ids(v.Action, ACTIONS * n))
        statuses = [ActionStatus.EN_COURS] * 3 + [
            ActionStatus.TERMINEE,
            ActionStatus.PLANIFIEE,
            ActionStatus.IDEE,
            ActionStatus.ABANDONNEE,
        ]
        self.actions_of = {}
        rows = []
        at = self.at(add_months(anchor, -54))
        for pk in self.site_ids:
            ids = [next(action_ids) for _ in range(ACTIONS)]
            self.actions_of[pk] = ids
            for k, aid in enumerate(ids):
                status = statuses[k % len(statuses)]
                start = add_months(anchor, -54 + k)
                rows.append(
                    (
                        aid,
                        pk,
                        f"Action {k + 1:02d} — {THEMES[k % len(THEMES)].lower()}",
                        "",
                        self.structures[pk][3],
                        status,
                        start,
                        add_months(start, 24),
                        100 if status == ActionStatus.TERMINEE else (k * 7) % 100,
                        Decimal(1000 * (k + 1)),
                        "État (BOP 147), Ville",
                        at,
                        at,
                    )
                )
        self.loader.load(
            v.Action,
            [
                "id",
                "site",
                "title",
                "description",
                "porteur",
                "status",
                "start_date",
                "end_date",
                "progress",
                "budget",
                "funders",
                "created_at",
                "updated_at",
            ],
            rows,
        )
        through = v.Action.objectives.through
        link_ids = iter(self.ids(through, ACTIONS * n))
        self.loader.load(
            through,
            ["id", "action", "objective"],
            (
                (next(link_ids), aid, self.objectives[pk][k % OBJECTIVES])
                for pk in self.site_ids
                for k, aid in enumerate(self.actions_of[pk])
            ),
        )

    def cercles(self):
        n, anchor = self.sites, self.anchor
        cercle_ids = iter(self.ids(c.Cercle, CERCLES * n))
        self.cercles_of = {}
        rows = []
        at = self.at(add_months(anchor, -MEETING_MONTHS - 1))
        for pk in self.site_ids:
            ids = [next(cercle_ids) for _ in range(CERCLES)]
            self.cercles_of[pk] = ids
            for k, cid in enumerate(ids):
                kind = CercleKind.COMITE if k == 0 else CercleKind.CERCLE
                name = "Comité de pilotage" if k == 0 else f"Cercle {THEMES[(pk + k) % 8]}"
                rows.append((cid, pk, kind, name, "", None, None, at))
        self.loader.load(
            c.Cercle,
            ["id", "site", "kind", "name", "purpose", "closed_on", "created_by", "created_at"],
            rows,
        )
        member_ids = iter(self.ids(c.CercleMember, CERCLES * MEMBERS * n))
        joined = add_months(anchor, -MEETING_MONTHS - 1)
        self.members_of = {}
        rows = []
        for pk in self.site_ids:
            for k, cid in enumerate(self.cercles_of[pk]):
                people = self.people[pk][k * MEMBERS : (k + 1) * MEMBERS]
                self.members_of[cid] = people
                for m, pid in enumerate(people):
                    role = MemberRole.ANIMATEUR if m == 0 else MemberRole.MEMBRE
                    rows.append((next(member_ids), cid, pid, role, joined, None))
        self.loader.load(
            c.CercleMember, ["id", "cercle", "personne", "role", "joined_on", "left_on"], rows
        )

    def meetings_and_follow_up(self):
        rng, anchor = self.rng, self.anchor
        now = timezone.now()
        months = [add_months(anchor, k - MEETING_MONTHS + 2) for k in range(MEETING_MONTHS)]
        starts = [self.at(day + datetime.timedelta(days=9), hour=18) for day in months]
        cercles = [cid for pk in self.site_ids for cid in self.cercles_of[pk]]
        site_of = {cid: pk for pk in self.site_ids for cid in self.cercles_of[pk]}
        meeting_ids = self.ids(c.Meeting, MEETING_MONTHS * len(cercles))
        first = meeting_ids.start

        def meetings():
            pk = first
            for cid in cercles:
                for k, start in enumerate(starts):
                    status = MeetingStatus.TENUE if start < now else MeetingStatus.PREVUE
                    minutes = (
                        "## Relevé\n\n- Point d'étape.\n" if status == MeetingStatus.TENUE else ""
                    )
                    yield (
                        pk,
                        cid,
                        k + 1,
                        start,
                        start + datetime.timedelta(hours=2),
                        "Maison du projet",
                        "",
                        status,
                        minutes,
                        uuid.UUID(int=rng.getrandbits(128), version=4),
                        0,
                        None,
                        start,
                        start,
                    )
                    pk += 1

        self.loader.load(
            c.Meeting,
            [
                "id",
                "cercle",
                "sequence",
                "starts_at",
                "ends_at",
                "place",
                "video_url",
                "status",
                "minutes",
                "uid",
                "ical_sequence",
                "created_by",
                "created_at",
                "updated_at",
            ],
            meetings(),
        )
        decision_ids = iter(self.ids(c.Decision, len(meeting_ids) // DECISION_EVERY + 1))
        self.loader.load(
            c.Decision,
            ["id", "cercle", "meeting", "text", "review_on", "created_by", "created_at"],
            (
                (
                    next(decision_ids),
                    cercles[m // MEETING_MONTHS],
                    first + m,
                    "Lancer le groupe de travail.",
                    None,
                    None,
                    starts[m % MEETING_MONTHS],
                )
                for m in range(0, len(meeting_ids), DECISION_EVERY)
            ),
        )
        # Commitments: 2 or 3 per meeting; old ones mostly done, recent ones to do.
        total = len(meeting_ids) * COMMITMENTS_PER_TWO_MEETINGS // 2
        commitment_ids = self.ids(c.Commitment, total)
        first_commitment = commitment_ids.start
        late = anchor - datetime.timedelta(days=60)
        logged = []

        def commitments():
            pk = first_commitment
            meeting = first
            for cid in cercles:
                people = self.members_of[cid]
                actions = self.actions_of[site_of[cid]]
                for k, start in enumerate(starts):
                    day = start.date()
                    for j in range(2 + (k % 2)):
                        due = day + datetime.timedelta(days=30 + 7 * j)
                        draw = rng.random()
                        if due < late and draw < 0.85:
                            status, done = CommitmentStatus.FAIT, due - datetime.timedelta(days=2)
                        elif due < late and draw < 0.95:
                            status, done = CommitmentStatus.ABANDONNE, None
                        else:
                            status, done = CommitmentStatus.A_FAIRE, None
                        text = f"Préparer le point {j + 1} de la réunion {k + 1}"
                        action = actions[(k + j) % ACTIONS] if j == 0 else None
                        logged.append((pk, text, start))
                        yield (
                            pk,
                            meeting,
                            text,
                            people[(k + j) % MEMBERS],
                            due,
                            action,
                            status,
                            done,
                            None,
                            start,
                        )
                        pk += 1
                    meeting += 1

        self.loader.load(
            c.Commitment,
            [
                "id",
                "meeting",
                "text",
                "owner",
                "due_on",
                "action",
                "status",
                "done_on",
                "created_by",
                "created_at",
            ],
            commitments(),
        )
        # Their change journal: the creation entry auditlog writes when someone saves one.
        content_type = ContentType.objects.get_for_model(c.Commitment)
        log_ids = iter(self.ids(LogEntry, len(logged)))
        self.loader.load(
            LogEntry,
            [
                "id",
                "content_type",
                "object_pk",
                "object_id",
                "object_repr",
                "action",
                "changes_text",
                "changes",
                "actor",
                "timestamp",
            ],
            (
                (
                    next(log_ids),
                    content_type.pk,
                    str(pk),
                    pk,
                    text,
                    LogEntry.Action.CREATE,
                    "",
                    {"text": ["None", text]},
                    None,
                    at,
                )
                for pk, text, at in logged
            ),
        )
