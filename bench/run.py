"""``make bench`` (``python -m bench.run``): the national-scale benchmark, end to end.

1. the data set: built with ``seed_scale`` when the database is absent or holds another
   size (a migrated empty copy is kept beside it, ``<name>_empty``, for ``import_qpv``);
2. SQL queries per request of each page, with the test client;
3. gunicorn (2 workers, DEBUG off, production settings on 127.0.0.1 over plain HTTP, a
   SECRET_KEY drawn for this run only) and wrk (8 connections, a warm-up, a fixed
   duration) on each page with the right persona's session; the two references (the bare
   view, no middleware, and the signed-in do-nothing page) first and last;
4. the reminder sweep over the whole data set (rolled back), ``import_qpv`` of a
   1,600-row official-layout file (into a scratch copy of the empty database), and the
   national PDF report when ``build_report`` exists;
5. ``bench/results/<date>-<size>.json`` and a table (Markdown) on stdout.

Figures are only comparable within one run: read each page as a share of the references.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/qic_bench"
PYTHON = sys.executable


def log(message: str) -> None:
    print(
        f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True
    )


# -- environment -----------------------------------------------------------------------


def bench_env(database_url: str, static_root: str) -> dict[str, str]:
    """Production settings, but plain HTTP on 127.0.0.1 and a throwaway secret key."""
    return {
        "DJANGO_SETTINGS_MODULE": "qic.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),  # drawn per run, never written anywhere
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": static_root,
        "BENCH_BASELINE": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "API_TOKEN_RATE": "1000000/hour",
        "DATABASE_CONN_MAX_AGE": "600",
        # Production's cache (docker-compose): the workers share the dashboards' entries.
        "CACHE_URL": bench_cache_url(),
    }


def bench_cache_url() -> str:
    """Redis, as in production, on a database of its own (emptied at the start of each
    run); the per-process memory cache when this machine's Redis does not answer."""
    url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9")
    if not url:
        return ""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        log(f"{url} ne répond pas : cache mémoire par processus")
        return ""
    return url


STATIC_ROOT = ROOT / "var" / "bench-static"
# Pages whose aggregates are cached: their first request after a write is measured too.
COLD_PAGES = {"national_dashboard", "centre_dashboard"}


def collectstatic(env: dict) -> None:
    """Collected (hashed and compressed, as in production) once, again only when a file
    under static/ is newer than the manifest: it takes minutes on a loaded machine."""
    manifest = STATIC_ROOT / "staticfiles.json"
    newest = max(
        (p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()), default=0
    )
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    log("collectstatic")
    manage("collectstatic", "--no-input", "-v0", env=env)


def manage(*args: str, env: dict, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env={**os.environ, **env}, check=check, **kwargs
    )


# -- database --------------------------------------------------------------------------


class Database:
    """The benchmark database and its migrated empty twin (PostgreSQL or SQLite)."""

    def __init__(self, url: str):
        import dj_database_url

        self.url = url
        self.config = dj_database_url.parse(url)
        self.postgres = "postgresql" in self.config["ENGINE"]
        self.name = self.config["NAME"]

    def sibling_url(self, suffix: str) -> str:
        if self.postgres:
            return self.url.rsplit("/", 1)[0] + f"/{self.name}{suffix}"
        return f"sqlite:///{self.name}{suffix}"

    def _admin(self):
        import psycopg

        c = self.config
        return psycopg.connect(
            host=c.get("HOST") or None,
            port=c.get("PORT") or None,
            user=c.get("USER") or None,
            password=c.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
        )

    def exists(self, suffix: str = "") -> bool:
        if not self.postgres:
            return Path(f"{self.name}{suffix}").exists()
        with self._admin() as conn:
            row = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.name + suffix]
            ).fetchone()
        return row is not None

    def create(self, suffix: str = "", template: str | None = None) -> None:
        if not self.postgres:
            if template is not None:
                shutil.copyfile(f"{self.name}{template}", f"{self.name}{suffix}")
            return
        from psycopg import sql

        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name + suffix))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(self.name + template))
        with self._admin() as conn:
            conn.execute(statement)

    def drop(self, suffix: str = "") -> None:
        if not self.postgres:
            with contextlib.suppress(FileNotFoundError):
                os.remove(f"{self.name}{suffix}")
            return
        from psycopg import sql

        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(self.name + suffix)
                )
            )

    def site_count(self) -> int | None:
        if not self.exists():
            return None
        if self.postgres:
            import psycopg

            c = self.config
            try:
                with psycopg.connect(
                    host=c.get("HOST") or None,
                    port=c.get("PORT") or None,
                    user=c.get("USER") or None,
                    password=c.get("PASSWORD") or None,
                    dbname=self.name,
                ) as conn:
                    return conn.execute("SELECT count(*) FROM quartiers_site").fetchone()[0]
            except psycopg.Error:
                return None
        import sqlite3

        try:
            with contextlib.closing(sqlite3.connect(self.name)) as conn:
                return conn.execute("SELECT count(*) FROM quartiers_site").fetchone()[0]
        except sqlite3.Error:
            return None


def ensure_dataset(db: Database, sites: int, seed: int, env: dict, reseed: bool) -> dict | None:
    """Build the data set unless it is there at this size. Returns seed_scale's figures
    when it ran."""
    count = db.site_count()
    if count == sites and not reseed and db.exists("_empty"):
        log(f"données présentes : {count} sites dans {db.name} ; migrate")
        # Migrations merged since the data set was built (an index, a column) apply.
        manage("migrate", "--no-input", "-v0", env=env)
        manage(
            "migrate", "--no-input", "-v0", env={**env, "DATABASE_URL": db.sibling_url("_empty")}
        )
        return None
    log(f"construction du jeu de données : {sites} sites dans {db.name}")
    db.drop()
    db.drop("_empty")
    db.create()
    manage("migrate", "--no-input", "-v0", env=env)
    db.create("_empty", template="")  # the migrated, empty twin (import_qpv runs in a copy)
    started = time.perf_counter()
    out = manage(
        "seed_scale", "--sites", str(sites), "--seed", str(seed),
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    sys.stderr.write(out.stdout)
    rows = sum(
        int(m.group(1).replace("\u202f", "").replace(" ", ""))
        for m in re.finditer(r"^total\s+([\d  ]+)$", out.stdout, re.M)
    )
    return {"seconds": round(seconds, 1), "rows": rows, "measured": "ce passage"}


# -- in-process measurements (Django set up in this process) ---------------------------


def pick_objects() -> dict:
    """The objects pages are read on: site 1 (the member persona's, accompanied by the
    centre persona), its latest held meeting with commitments, its région, the centre."""
    from bench.seeding import DOMAIN
    from cercles.enums import MeetingStatus
    from cercles.models import Meeting
    from quartiers.models import Region, SiteAccess, Structure

    site = (
        SiteAccess.objects.filter(user__email=f"membre@{DOMAIN}")
        .values_list("site_id", flat=True)
        .first()
    )
    meeting = (
        Meeting.objects.filter(cercle__site_id=site, status=MeetingStatus.TENUE)
        .order_by("-starts_at")
        .values_list("pk", flat=True)
        .first()
    )
    region = (
        Region.objects.filter(departements__quartiers__sites=site).values_list("pk", flat=True)
    ).first()
    centre = (
        Structure.objects.filter(members__email=f"centre@{DOMAIN}").values_list("pk", flat=True)
    ).first()
    return {"site": site, "meeting": meeting, "region": region, "centre": centre}


def resolve(page, objects: dict) -> str | None:
    from django.urls import NoReverseMatch, reverse

    for name in page.names:
        try:
            url = reverse(name, args=[objects[a] for a in page.args])
        except NoReverseMatch:
            continue
        if page.query:
            url += "?" + page.query.format(**objects)
        return url
    return None


def sessions() -> dict[str, str]:
    """A fresh session per persona, made as a login would (no password hashing)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.models import User
    from bench.seeding import DOMAIN, PERSONAS

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {}
    for name in PERSONAS:
        user = User.objects.get(email=f"{name}@{DOMAIN}")
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys[name] = session.session_key
    return keys


def count_queries(url: str, session_key: str, repeat: int = 7) -> tuple[int, int, float, float]:
    """(status, SQL queries, median time in ms, SQL time in ms) of requests to ``url`` made in this
    process, one at a time, after one that warms caches. The time, free of queueing, is
    steadier than the load figures on a busy machine."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Read now: the next request's request_started signal empties the query log.
    count = len(queries)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return response.status_code, count, round(statistics.median(times) * 1000, 1), sql_ms


def measure_sweep() -> dict:
    """The reminder sweep over the whole data set, in a transaction rolled back so that
    every run finds the same work to do."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from notifications.services import reminders_sweep

    if connection.vendor == "postgresql":
        # Each rolled-back run leaves its 32,000 reminders as dead rows in the tables and
        # their indexes, which the next run's INSERT and claims would wade through:
        # measure on clean tables, as autovacuum keeps them in service.
        with connection.cursor() as cursor:
            for table in ("notifications_reminder", "notifications_notification"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        started = time.perf_counter()
        report = reminders_sweep()
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"seconds": round(seconds, 2), "queries": len(queries), "report": str(report)}


def measure_cold(url: str, session_key: str) -> dict:
    """The first request after a write on one site: the dashboards' figures are cached
    per site under its data stamp (summaries/), so only that site is recomputed. The
    write is a real one (a commitment of the first site saved again, committed)."""
    from django.conf import settings
    from django.test import Client

    from cercles.models import Commitment

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    client.get(url)
    commitment = Commitment.objects.order_by("pk").first()
    times = []
    for _ in range(3):
        commitment.save()
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    client.get(url)  # leave the figures cached, as the load test will find them
    return {"service_ms": round(statistics.median(times) * 1000, 1)}


def measure_indicator_aggregates() -> dict:
    """What a national dashboard asks of every indicator: how many on track, off track,
    overdue (the indicators' stored standing)."""
    from visions.models import Indicator

    started = time.perf_counter()
    counts = {
        "on_track": Indicator.objects.on_track().count(),
        "off_track": Indicator.objects.off_track().count(),
        "overdue": Indicator.objects.overdue().count(),
    }
    return {"seconds": round(time.perf_counter() - started, 2), "counts": counts}


# -- subprocess measurements -----------------------------------------------------------


def measure_import_qpv(db: Database, env: dict, rows: int = 1600) -> dict:
    from quartiers.importers.synthetic import write_synthetic_qpv_csv

    with tempfile.TemporaryDirectory() as tmp:
        path = write_synthetic_qpv_csv(Path(tmp) / "qpv.csv", rows, seed=1)
        db.drop("_scratch")
        db.create("_scratch", template="_empty")
        try:
            script = (
                "import time, django; django.setup();"
                "from django.core.management import call_command;"
                "t = time.perf_counter();"
                f"call_command('import_qpv', {str(path)!r});"
                "print('SECONDS', time.perf_counter() - t)"
            )
            out = subprocess.run(
                [PYTHON, "-c", script],
                cwd=ROOT,
                env={**os.environ, **env, "DATABASE_URL": db.sibling_url("_scratch")},
                capture_output=True,
                text=True,
                check=True,
            )
        finally:
            db.drop("_scratch")
    seconds = float(re.search(r"SECONDS ([\d.]+)", out.stdout).group(1))
    return {"rows": rows, "seconds": round(seconds, 2)}


def measure_report(env: dict) -> dict:
    """``build_report national`` if another branch has added it; else « absent »."""
    from django.core.management import get_commands

    if "build_report" not in get_commands():
        return {"status": "absent"}
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "national.pdf"
        started = time.perf_counter()
        out = subprocess.run(
            ["/usr/bin/time", "-f", "MAXRSS_KB %M", PYTHON, "manage.py", "build_report",
             "national", "--output", str(output)],
            cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        rss = re.search(r"MAXRSS_KB (\d+)", out.stderr)
        return {
            "status": "ok" if out.returncode == 0 else f"error {out.returncode}",
            "seconds": round(seconds, 1),
            "peak_mb": round(int(rss.group(1)) / 1024, 1) if rss else None,
            "output": (out.stdout + out.stderr[-500:]).strip()[-800:],
            "bytes": output.stat().st_size if output.exists() else 0,
        }


# -- HTTP load -------------------------------------------------------------------------


class Server:
    def __init__(self, env: dict, port: int, workers: int = 2):
        self.env, self.port, self.workers = env, port, workers
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "bench.wsgi", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ, **self.env},
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _body = get(self.port, "/connexion/")
                if status:
                    return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn n'a pas démarré")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(port: int, url: str, cookie: str = "", timeout: float = 30) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", url, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wrk(port: int, url: str, cookie: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        [shutil.which("wrk") or "/usr/bin/wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(WRK_SCRIPT), "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{url}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in out.stdout.splitlines() if x.startswith("JSON "))
    data = json.loads(line[5:])
    duration = data["duration_us"] / 1e6
    errors = sum(v for k, v in data.items() if k.startswith("errors_"))
    return {
        "requests": data["requests"],
        "rps": round(data["requests"] / duration, 1),
        "p50_ms": round(data["p50"] / 1000, 1),
        "p95_ms": round(data["p95"] / 1000, 1),
        "p99_ms": round(data["p99"] / 1000, 1),
        "errors": errors,
    }


def measure_page(port, url, cookie, warmup, duration, connections) -> dict:
    # A long timeout: requests a slow page left queued in gunicorn finish first.
    try:
        status, _ = get(port, url, cookie, timeout=300)
    except (OSError, http.client.HTTPException) as exc:
        return {"status": f"{type(exc).__name__}"}
    if status != 200:
        return {"status": status}
    if warmup:
        wrk(port, url, cookie, warmup, connections)
    return {"status": status, **wrk(port, url, cookie, duration, connections)}


# -- report ----------------------------------------------------------------------------


def verdict(page, result: dict, bare_rps: float, baseline_rps: float) -> str:
    """Reads the throughput as a share of the bare view's (the target) and of the
    do-nothing page's (``ratio_bare``, ``ratio``)."""
    if "rps" not in result:
        return "—"
    ratio = result["rps"] / bare_rps if bare_rps else 0
    result["ratio_bare"] = round(ratio, 3)
    result["ratio"] = round(result["rps"] / baseline_rps, 3) if baseline_rps else 0
    if not result.get("requests"):
        return "manqué : aucune réponse en moins de 10 s (time-out de wrk)"
    misses = []
    if page.min_ratio is not None and ratio < page.min_ratio:
        misses.append(f"débit {ratio:.0%} < {page.min_ratio:.0%} de la vue nue")
    if page.max_p95_ms is not None and result["p95_ms"] > page.max_p95_ms:
        misses.append(f"p95 {result['p95_ms']} > {page.max_p95_ms:.0f} ms")
    if result.get("errors"):
        misses.append(f"{result['errors']} erreurs")
    if page.min_ratio is None and page.max_p95_ms is None:
        return "référence"
    return "atteint" if not misses else "manqué : " + ", ".join(misses)


def table(results: dict) -> str:
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | SQL/req | ms seul | / vue nue | / référence "
        "| cible |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in results["pages"]:
        if row.get("absent"):
            lines.append(f"| {row['label']} | absent | | | | | | | | à mesurer après fusion |")
            continue
        if "rps" not in row:
            lines.append(f"| {row['label']} | HTTP {row.get('status')} | | | | | | | | erreur |")
            continue
        bare = f"{row['ratio_bare']:.1%}" if "ratio_bare" in row else ""
        ratio = f"{row['ratio']:.0%}" if "ratio" in row else ""
        lines.append(
            f"| {row['label']} | {row['rps']:.0f} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['p99_ms']} | {row.get('queries', '')} | {row.get('service_ms', '')} | {bare} | "
            f"{ratio} | {row['verdict']} |"
        )
    lines.append("")
    lines.append("| tâche | mesure | cible | verdict |")
    lines.append("|---|---|---|---|")
    sweep = results.get("sweep") or {}
    if "seconds" in sweep:
        ok = "atteint" if sweep["seconds"] <= 5 else "manqué"
        lines.append(
            f"| balayage des rappels (tout le jeu) | {sweep['seconds']} s, "
            f"{sweep['queries']} requêtes SQL | ≤ 5 s | {ok} |"
        )
    for row in results["pages"]:
        if "cold_ms" in row:
            lines.append(
                f"| {row['label']} : première requête après une écriture (agrégats "
                f"recalculés) | {row['cold_ms']} ms | (les suivantes : {row.get('service_ms')} ms) "
                "| |"
            )
    agg = results.get("indicator_aggregates") or {}
    if "seconds" in agg:
        lines.append(
            f"| indicateurs de tout le programme : en bonne voie, en retard, non mis à jour "
            f"(3 comptes) | {agg['seconds']} s | (tableau de bord national : p95 ≤ 150 ms) | "
            f"{'atteint' if agg['seconds'] <= 0.15 else 'manqué'} |"
        )
    imp = results.get("import_qpv") or {}
    if "seconds" in imp:
        ok = "atteint" if imp["seconds"] <= 10 else "manqué"
        lines.append(f"| import_qpv ({imp['rows']} lignes) | {imp['seconds']} s | ≤ 10 s | {ok} |")
    rep = results.get("report") or {}
    if rep.get("status") == "absent":
        lines.append("| rapport PDF national | absent (build_report) | ≤ 60 s, ≤ 500 Mo | — |")
    elif rep:
        ok = (
            "atteint"
            if rep.get("status") == "ok"
            and rep["seconds"] <= 60
            and (rep.get("peak_mb") or 0) <= 500
            else "manqué"
        )
        lines.append(
            f"| rapport PDF national | {rep.get('status')}, {rep.get('seconds')} s, "
            f"{rep.get('peak_mb')} Mo | ≤ 60 s, ≤ 500 Mo | {ok} |"
        )
    seed = results.get("seed_scale") or {}
    if seed:
        lines.append(
            f"| seed_scale ({results['sites']} sites) | {seed.get('seconds')} s "
            f"({seed.get('rows', 0):,} lignes, {seed.get('measured')}) | quelques minutes | |"
        )
    return "\n".join(lines)


def machine() -> dict:
    load = os.getloadavg()
    cpu = ""
    with contextlib.suppress(OSError):
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next((x.split(":", 1)[1].strip() for x in lines if x.startswith("model name")), "")
    pg = ""
    with contextlib.suppress(Exception):
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                pg = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": pg,
        "loadavg_at_start": [round(x, 2) for x in load],
        "kernel": platform.release(),
    }


def previous_seed(sites: int) -> dict | None:
    for path in sorted(RESULTS.glob(f"*-{sites}.json"), reverse=True):
        with contextlib.suppress(Exception):
            seed = json.loads(path.read_text()).get("seed_scale")
            if seed and seed.get("measured") in ("ce passage", "this run"):
                return {**seed, "measured": f"passage {path.stem}"}
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=int(os.environ.get("SITES", 1600)))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", 10)))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("WARMUP", 3)))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8150)))
    parser.add_argument("--reseed", action="store_true", default=bool(os.environ.get("RESEED")))
    parser.add_argument("--only", help="clés de pages à mesurer, séparées par des virgules")
    parser.add_argument("--skip-tasks", action="store_true", help="ni balayage, ni import, ni PDF")
    args = parser.parse_args(argv)

    database_url = args.database_url or DEFAULT_DATABASE_URL
    env = bench_env(database_url, str(STATIC_ROOT))
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    db = Database(database_url)
    started = time.time()
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "sites": args.sites,
        "database": "postgresql" if db.postgres else "sqlite",
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "connections": args.connections,
        "gunicorn_workers": 2,
    }
    seed = ensure_dataset(db, args.sites, args.seed, env, args.reseed)
    results["seed_scale"] = seed or previous_seed(args.sites)
    collectstatic(env)

    import django

    django.setup()
    from django.test.utils import override_settings

    from bench.pages import BARE, BASELINE, PAGES

    results["machine"] = machine()
    from django.core.cache import cache

    cache.clear()  # the bench's own Redis database: no entry of an earlier data set
    objects = pick_objects()
    keys = sessions()
    pages = [p for p in PAGES if not args.only or p.key in args.only.split(",")]
    # The two references first, then the pages, then the references again, in reverse.
    order = [BARE, BASELINE, *pages, BASELINE, BARE]
    rows = []
    for page in order:
        url = resolve(page, objects)
        row = {"key": page.key, "label": page.label, "persona": page.persona, "url": url}
        if url is None:
            row["absent"] = True
        else:
            # The bare view in-process as gunicorn serves it (bench/wsgi.py): no middleware.
            stack = override_settings(MIDDLEWARE=[]) if page is BARE else contextlib.nullcontext()
            with stack:
                status, queries, service_ms, sql_ms = count_queries(url, keys[page.persona])
            row["queries"] = queries
            row["service_ms"] = service_ms
            row["sql_ms"] = round(sql_ms, 1)
            row["query_status"] = status
            if page.key in COLD_PAGES:
                row["cold_ms"] = measure_cold(url, keys[page.persona])["service_ms"]
        rows.append(row)

    from django.conf import settings
    from django.db import connections

    connections.close_all()
    cookie_name = settings.SESSION_COOKIE_NAME
    with Server(env, args.port):
        log("serveur prêt")
        for page, row in zip(order, rows, strict=True):
            if row.get("absent"):
                continue
            cookie = f"{cookie_name}={keys[page.persona]}"
            log(f"{page.key} {row['url']}")
            row.update(
                measure_page(
                    args.port, row["url"], cookie, args.warmup, args.duration,
                    args.connections,
                )
            )  # fmt: skip

    def mean_rps(key: str) -> float:
        figures = [r["rps"] for r in rows if r["key"] == key and "rps" in r]
        return statistics.mean(figures) if figures else 0

    bare_rps, baseline_rps = mean_rps(BARE.key), mean_rps(BASELINE.key)
    results["bare_rps"] = round(bare_rps, 1)
    results["baseline_rps"] = round(baseline_rps, 1)
    for page, row in zip(order, rows, strict=True):
        row["verdict"] = verdict(page, row, bare_rps, baseline_rps)
    for index, when in ((0, "début"), (1, "début"), (-2, "fin"), (-1, "fin")):
        rows[index] = {**rows[index], "label": f"{rows[index]['label']} ({when})"}
    results["pages"] = rows

    if not args.skip_tasks:
        log("balayage des rappels")
        results["sweep"] = measure_sweep()
        log("agrégats nationaux des indicateurs")
        results["indicator_aggregates"] = measure_indicator_aggregates()
        connections.close_all()
        log("import_qpv")
        results["import_qpv"] = measure_import_qpv(db, env)
        log("rapport PDF")
        results["report"] = measure_report(env)
    results["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["elapsed_s"] = round(time.time() - started)

    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.date.today().isoformat()}-{args.sites}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    print(table(results))
    print(f"\n{path.relative_to(ROOT)} ; machine : {results['machine']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
