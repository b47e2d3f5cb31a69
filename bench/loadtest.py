"""``make loadtest`` (``python -m bench.loadtest``): 50 users read and write for 60 s.

Each virtual user is a member of one site of the national data set (« charge-NN »,
site NN) with its own session, and loops over the pages a member uses: the vision tree,
the journal, a meeting, the site, the API sites list, and two writes through the pages —
a measurement of one of the site's indicators, a commitment in one of its meetings.

Passes when no request failed (connection error, time-out, HTTP ≥ 400, a write form
sent back with errors) and no write was lost: the writes the server acknowledged
(302 after the POST) equal the rows added, counted in the database before and after.
The rows written are deleted at the end, so the benchmark data set stays the same.
127.0.0.1 only; the server is the benchmark's (gunicorn, 2 workers, DEBUG off).
"""

import argparse
import datetime
import http.client
import json
import os
import random
import secrets
import string
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.run import (
    DEFAULT_DATABASE_URL,
    RESULTS,
    ROOT,
    STATIC_ROOT,
    Database,
    Server,
    bench_env,
    collectstatic,
    ensure_dataset,
    log,
)

READS = {
    "vision_tree": 20,
    "site_journal": 15,
    "meeting": 15,
    "site_detail": 10,
    "api_sites": 10,
}
WRITES = {"write_measurement": 15, "write_commitment": 15}


@dataclass
class UserPlan:
    email: str
    session_key: str
    site: int
    urls: dict[str, str]
    indicators: list[int]
    taken: set  # (indicator id, date) already measured
    meetings: list[tuple[str, list[int]]]  # (commitment URL, owners)
    measurement_url: str = ""  # with {pk}
    counter: int = 0


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    error_samples: list = field(default_factory=list)
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    acknowledged: Counter = field(default_factory=Counter)

    def record(self, op: str, seconds: float, error: str | None = None, ack: bool = False):
        with self.lock:
            self.counts[op] += 1
            self.latencies[op].append(seconds)
            if error:
                self.errors[op] += 1
                if len(self.error_samples) < 20:
                    self.error_samples.append(f"{op}: {error}")
            if ack:
                self.acknowledged[op] += 1


def plan_users(count: int) -> list[UserPlan]:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.urls import reverse

    from accounts.models import User
    from bench.seeding import DOMAIN
    from cercles.enums import MeetingStatus
    from cercles.models import CercleMember, Meeting
    from quartiers.models import SiteAccess
    from visions.models import Indicator, Measurement

    store = import_module(settings.SESSION_ENGINE).SessionStore
    plans = []
    for n in range(1, count + 1):
        email = f"charge-{n:02d}@{DOMAIN}"
        user = User.objects.get(email=email)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        site = SiteAccess.objects.filter(user=user).values_list("site_id", flat=True).first()
        indicators = list(
            Indicator.objects.filter(objective__vision__site=site)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        taken = set(
            Measurement.objects.filter(indicator__in=indicators).values_list("indicator", "date")
        )
        meetings = list(
            Meeting.objects.filter(cercle__site=site, status=MeetingStatus.TENUE)
            .order_by("-starts_at")
            .values_list("pk", "cercle_id")[:8]
        )
        owners = defaultdict(list)
        for cercle, personne in CercleMember.objects.filter(
            cercle__in={c for _m, c in meetings}, left_on__isnull=True
        ).values_list("cercle", "personne"):
            owners[cercle].append(personne)
        plans.append(
            UserPlan(
                email=email,
                session_key=session.session_key,
                site=site,
                urls={
                    "vision_tree": reverse("visions:vision_tree", args=[site]),
                    "site_journal": reverse("cercles:site_journal", args=[site]),
                    "meeting": reverse("cercles:meeting_detail", args=[meetings[0][0]]),
                    "site_detail": reverse("dashboards:site", args=[site]),
                    "api_sites": reverse("api:site-list"),
                },
                indicators=indicators,
                taken=taken,
                meetings=[
                    (reverse("cercles:commitment_add", args=[m]), owners[c]) for m, c in meetings
                ],
                measurement_url=reverse("visions:measurement_create", args=[0]).replace(
                    "/0/", "/{pk}/"
                ),
            )
        )
    return plans


def table_counts() -> dict[str, int]:
    from auditlog.models import LogEntry
    from django.db.models import Max

    from cercles.models import Commitment
    from visions.models import Measurement

    return {
        "measurements": Measurement.objects.count(),
        "commitments": Commitment.objects.count(),
        "max_measurement": Measurement.objects.aggregate(m=Max("pk"))["m"] or 0,
        "max_commitment": Commitment.objects.aggregate(m=Max("pk"))["m"] or 0,
        "max_logentry": LogEntry.objects.aggregate(m=Max("pk"))["m"] or 0,
    }


def cleanup(before: dict) -> None:
    """Delete what the load test wrote (and its change-journal rows)."""
    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry
    from django.db import transaction

    from cercles.models import Commitment
    from visions.models import Indicator, Measurement

    with disable_auditlog(), transaction.atomic():
        written = Measurement.objects.filter(pk__gt=before["max_measurement"])
        touched = set(written.values_list("indicator_id", flat=True))
        written._raw_delete("default")
        # The raw delete skips the ORM: the indicators it touched store their standing again.
        Indicator.objects.filter(pk__in=touched).refresh_standing()
        Commitment.objects.filter(pk__gt=before["max_commitment"])._raw_delete("default")
        LogEntry.objects.filter(pk__gt=before["max_logentry"])._raw_delete("default")


class VirtualUser(threading.Thread):
    def __init__(self, plan: UserPlan, port: int, deadline: float, stats: Stats, seed: int):
        super().__init__(daemon=True)
        self.plan, self.port, self.deadline, self.stats = plan, port, deadline, stats
        self.rng = random.Random(seed)
        self.csrf = "".join(self.rng.choices(string.ascii_letters + string.digits, k=32))
        self.cookie = f"sessionid={plan.session_key}; csrftoken={self.csrf}"
        ops = {**READS, **WRITES}
        self.ops, self.weights = list(ops), list(ops.values())

    def request(self, method: str, url: str, body: dict | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": self.cookie}
        data = None
        if body is not None:
            data = urlencode(body)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.csrf,
                }
            )
        try:
            conn.request(method, url, body=data, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def next_measurement(self) -> dict:
        plan = self.plan
        today = datetime.date.today()
        while True:
            plan.counter += 1
            indicator = plan.indicators[plan.counter % len(plan.indicators)]
            day = today - datetime.timedelta(days=1 + plan.counter // len(plan.indicators))
            if (indicator, day) not in plan.taken:
                plan.taken.add((indicator, day))
                value = f"{self.rng.randint(10, 500)},{self.rng.randint(0, 99):02d}"
                return {"indicator": indicator, "date": day.isoformat(), "value": value}

    def run(self):
        while time.monotonic() < self.deadline:
            op = self.rng.choices(self.ops, self.weights)[0]
            started = time.perf_counter()
            error, ack = None, False
            try:
                if op in READS:
                    status, _body = self.request("GET", self.plan.urls[op])
                    if status != 200:
                        error = f"HTTP {status}"
                elif op == "write_measurement":
                    m = self.next_measurement()
                    url = self.plan.measurement_url.format(pk=m.pop("indicator"))
                    status, _body = self.request("POST", url, m)
                    ack = status == 302
                    if not ack:
                        error = f"HTTP {status}{' (formulaire refusé)' if status == 200 else ''}"
                else:
                    url, owners = self.rng.choice(self.plan.meetings)
                    due = datetime.date.today() + datetime.timedelta(days=self.rng.randint(7, 90))
                    data = {
                        "text": f"Charge {secrets.token_hex(4)}",
                        "owner": self.rng.choice(owners),
                        "due_on": due.isoformat(),
                        "action": "",
                    }
                    status, _body = self.request("POST", url, data)
                    ack = status == 302
                    if not ack:
                        error = f"HTTP {status}{' (formulaire refusé)' if status == 200 else ''}"
            except (OSError, http.client.HTTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"
            self.stats.record(op, time.perf_counter() - started, error, ack)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=int(os.environ.get("SITES", 1600)))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", 60)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8151)))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--keep", action="store_true", help="garder les lignes écrites")
    args = parser.parse_args(argv)

    database_url = args.database_url or DEFAULT_DATABASE_URL
    env = bench_env(database_url, str(STATIC_ROOT))
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    ensure_dataset(Database(database_url), args.sites, 0, env, reseed=False)
    collectstatic(env)

    import django

    django.setup()
    from django.db import connections

    from bench.seeding import LOAD_USERS

    if args.users > LOAD_USERS:
        parser.error(f"au plus {LOAD_USERS} utilisateurs (charge-01 … charge-{LOAD_USERS})")
    plans = plan_users(args.users)
    before = table_counts()
    connections.close_all()
    stats = Stats()
    with Server(env, args.port, workers=args.workers):
        log(f"{args.users} utilisateurs pendant {args.duration} s")
        deadline = time.monotonic() + args.duration
        users = [
            VirtualUser(plan, args.port, deadline, stats, seed=k) for k, plan in enumerate(plans)
        ]
        started = time.perf_counter()
        for user in users:
            user.start()
        for user in users:
            user.join()
        elapsed = time.perf_counter() - started
    after = table_counts()
    added = {
        "write_measurement": after["measurements"] - before["measurements"],
        "write_commitment": after["commitments"] - before["commitments"],
    }
    if not args.keep:
        cleanup(before)
    total = sum(stats.counts.values())
    errors = sum(stats.errors.values())
    lost = {op: stats.acknowledged[op] - added[op] for op in WRITES}
    all_latencies = [x for values in stats.latencies.values() for x in values]
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "sites": args.sites,
        "users": args.users,
        "duration_s": round(elapsed, 1),
        "gunicorn_workers": args.workers,
        "requests": total,
        "rps": round(total / elapsed, 1),
        "errors": errors,
        "error_samples": stats.error_samples,
        "p50_ms": round(percentile(all_latencies, 50) * 1000),
        "p95_ms": round(percentile(all_latencies, 95) * 1000),
        "p99_ms": round(percentile(all_latencies, 99) * 1000),
        "by_operation": {
            op: {
                "requests": stats.counts[op],
                "errors": stats.errors[op],
                "p50_ms": round(percentile(stats.latencies[op], 50) * 1000),
                "p95_ms": round(percentile(stats.latencies[op], 95) * 1000),
            }
            for op in sorted(stats.counts)
        },
        "writes_acknowledged": dict(stats.acknowledged),
        "rows_added": added,
        "lost_writes": lost,
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
        "passed": errors == 0 and not any(lost.values()),
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.date.today().isoformat()}-{args.sites}-loadtest.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        f"{total} requêtes en {elapsed:.0f} s ({result['rps']} req/s), {errors} erreurs ; "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms"
    )
    for op in WRITES:
        print(
            f"{op}: {stats.acknowledged[op]} écritures acquittées, {added[op]} lignes ajoutées"
            f" → {'aucune perdue' if lost[op] == 0 else f'ÉCART {lost[op]}'}"
        )
    for sample in stats.error_samples:
        print("  ", sample)
    print(f"{path.relative_to(ROOT)} : {'RÉUSSI' if result['passed'] else 'ÉCHEC'}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
