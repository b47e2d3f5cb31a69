"""Production rehearsal (`make prod-check`, run by CI): QIC as it runs in production, on
this machine, checked end to end through real HTTP.

1. Production settings: DEBUG off, a fresh SECRET_KEY, a throwaway PostgreSQL database,
   Redis as broker (db 10) and cache (db 11), ALLOWED_HOSTS=127.0.0.1, SMTP to a local
   mail catcher (aiosmtpd, writing a Maildir), the reminder sweep every few seconds.
2. The build step (collectstatic into a temporary STATIC_ROOT, as the Dockerfile and a
   PaaS build do), then the Procfile's processes with the Procfile's own commands:
   release (migrations), then web (gunicorn on a free loopback port), worker and beat.
3. The journey, with a cookie jar and the CSRF token read from each form, as a browser
   behind the TLS proxy would (X-Forwarded-Proto: https): log in with a password account
   of the demo data, record a measurement through the form, request a fiche site PDF,
   wait until the worker builds it and download it; wait for a reminder sent by the
   beat-scheduled sweep at the mail catcher; /sante/ answers 200, everything ok.
4. Always (even on failure or Ctrl+C): stop every process, drop the database, empty the
   two Redis databases, remove the temporary directory. On failure, print the tail of
   each process's log and exit 1.

Every wait is bounded. Variables: PROD_CHECK_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/qic_rehearsal: created, then dropped),
PROD_CHECK_REDIS_URL (default redis://127.0.0.1:6379; databases 10 and 11 are emptied),
PROD_CHECK_KEEP=1 to keep the temporary directory (logs, mails) for a look afterwards.
"""

import contextlib
import json
import mailbox
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import psycopg
import redis
import requests
import yaml
from bs4 import BeautifulSoup

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv's bin/, first on the processes' PATH
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/qic_rehearsal"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379"
BROKER_DB, CACHE_DB = 10, 11
SWEEP_SECONDS = 10  # the beat-scheduled reminder sweep; late after 2 periods
PASSWORD_USER = "membre@qic.demo"  # a site member of the demo data, password login
DEMO_PASSWORD = "qic-demo-2026"

# Bounds of every wait, in seconds.
COMMAND_TIMEOUT = 180  # release, seeding
BUILD_TIMEOUT = 600  # collectstatic compresses ~9,000 files (gzip and Brotli)
START_TIMEOUT = 60  # web answers
REQUEST_TIMEOUT = 30
REPORT_TIMEOUT = 120  # the worker builds the PDF
MAIL_TIMEOUT = 90  # a beat tick, a sweep, the SMTP delivery
HEALTH_TIMEOUT = 60
STOP_TIMEOUT = 15

LONG_RUNNING = {"smtp", "web", "worker", "beat"}


class RehearsalFailed(Exception):
    pass


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_procfile() -> dict[str, str]:
    processes = {}
    for line in (BASE_DIR / "Procfile").read_text().splitlines():
        name, sep, command = line.partition(":")
        if sep and name.strip() and not name.startswith("#"):
            processes[name.strip()] = command.strip()
    return processes


def wait_until(what: str, timeout: float, probe, interval: float = 1.0):
    """Call ``probe`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = probe()
        except (requests.RequestException, OSError) as exc:
            result, last_error = None, exc
        if result:
            return result
        time.sleep(interval)
    detail = f" (dernière erreur : {last_error})" if last_error else ""
    raise RehearsalFailed(f"{what} : rien après {timeout:.0f} s{detail}")


@dataclass
class Rehearsal:
    workdir: Path
    database_url: str
    redis_url: str
    web_port: int = field(default_factory=free_port)
    smtp_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)
    env_cache: dict[str, str] = field(default_factory=dict)

    @property
    def maildir(self) -> Path:
        return self.workdir / "mails"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def env(self) -> dict[str, str]:
        """Production settings, and nothing inherited that could change them."""
        return {
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": os.environ.get("HOME", str(self.workdir)),
            "LANG": "C.UTF-8",
            "TMPDIR": str(self.workdir / "tmp"),  # beat's state file goes there too
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "qic.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"https://127.0.0.1:{self.web_port}",
            "BEHIND_TLS_PROXY": "true",  # the journey plays the TLS proxy's headers
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": f"{self.redis_url}/{BROKER_DB}",
            "CACHE_URL": f"{self.redis_url}/{CACHE_DB}",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "false",
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "REMINDER_SWEEP_SECONDS": str(SWEEP_SECONDS),
            # What a PaaS sets for the web process; GUNICORN_CMD_ARGS keeps it on loopback.
            "PORT": str(self.web_port),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{self.web_port}",
        }

    # -- services ----------------------------------------------------------------------

    def _database(self) -> tuple[str, str]:
        """The rehearsal's database name, and the URL of the server's maintenance base.

        The database is dropped at both ends: a name without « rehearsal » is refused,
        so that no setting can point the rehearsal at the suite's or anyone's data."""
        url = urlsplit(self.database_url)
        name = url.path.lstrip("/")
        if "rehearsal" not in name or not name.replace("_", "").isalnum():
            raise RehearsalFailed(
                f"PROD_CHECK_DATABASE_URL : la base {name!r} serait effacée ; "
                "son nom doit contenir « rehearsal » (lettres, chiffres, _)."
            )
        return name, urlunsplit(url._replace(path="/postgres"))

    def _empty_redis(self) -> None:
        for db in (BROKER_DB, CACHE_DB):
            client = redis.Redis.from_url(f"{self.redis_url}/{db}", socket_connect_timeout=5)
            try:
                client.flushdb()
            finally:
                client.close()

    def reset_services(self) -> None:
        """A fresh database, empty broker and cache databases."""
        name, admin_url = self._database()
        step(f"Base {name} neuve, Redis {BROKER_DB}/{CACHE_DB} vidés")
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        self._empty_redis()

    def drop_services(self) -> None:
        name, admin_url = self._database()
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._empty_redis()

    # -- processes ---------------------------------------------------------------------

    def run(self, name: str, command: str) -> str:
        """A one-off command (build, release, data), through the shell like a Procfile's."""
        log = self.workdir / "logs" / f"{name}.log"
        self.logs[name] = log
        try:
            result = subprocess.run(
                ["bash", "-c", command],
                cwd=BASE_DIR,
                env=self.env_cache,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=COMMAND_TIMEOUT,
            )
        except subprocess.TimeoutExpired as exc:
            output = exc.output or ""
            log.write_text(output.decode(errors="replace") if isinstance(output, bytes) else output)
            raise RehearsalFailed(f"{name} : pas fini après {COMMAND_TIMEOUT} s") from None
        log.write_text(result.stdout)
        if result.returncode != 0:
            raise RehearsalFailed(f"{name} : code de sortie {result.returncode}")
        return result.stdout

    def start(self, name: str, command: str) -> None:
        log = self.workdir / "logs" / f"{name}.log"
        self.logs[name] = log
        with log.open("w") as out:
            self.processes[name] = subprocess.Popen(
                ["bash", "-c", f"exec {command}"],
                cwd=BASE_DIR,
                env=self.env_cache,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stopped with its children
            )

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if name in LONG_RUNNING and process.poll() is not None:
                raise RehearsalFailed(
                    f"le processus {name} s'est arrêté (code {process.returncode})"
                )

    def stop_all(self) -> None:
        # TERM to each main process only: gunicorn and Celery then stop their children
        # gracefully (a pool child killed directly would lose its task).
        for process in reversed(self.processes.values()):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    process.terminate()
        for name, process in self.processes.items():
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                print(f"{name} ne s'arrête pas : SIGKILL", flush=True)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)
            # Children left behind by a process that exited first (gunicorn's workers…).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

    def print_log_tails(self, lines: int = 40) -> None:
        for name, log in self.logs.items():
            if not log.exists():
                continue
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            print(f"\n----- {name} ({log}), {len(tail)} dernières lignes -----", flush=True)
            print("\n".join(tail), flush=True)

    # -- the rehearsal -----------------------------------------------------------------

    def prepare(self) -> dict:
        # Not "mails": aiosmtpd's Mailbox makes it a Maildir only if it does not exist.
        for folder in ("logs", "tmp", "static", "media"):
            (self.workdir / folder).mkdir(parents=True, exist_ok=True)
        self.env_cache = self.env()
        procfile = read_procfile()
        missing = {"release", "web", "worker", "beat"} - set(procfile)
        if missing:
            raise RehearsalFailed(f"Procfile : processus manquants {sorted(missing)}")
        self.reset_services()
        # The build (as the Dockerfile's) needs no database: it runs beside the release.
        step("Construction, en parallèle : collectstatic (comme le Dockerfile)")
        self.start("collectstatic", "python manage.py collectstatic --no-input")
        build = self.processes["collectstatic"]
        step(f"release : {procfile['release']}")
        self.run("release", procfile["release"])
        step("Données de la répétition : seed_demo")
        self.run("seed_demo", "python manage.py seed_demo")
        data = json.loads(
            self.run("donnees", f"python manage.py shell -c {shlex.quote(FIND_DATA)}")
            .strip()
            .splitlines()[-1]
        )
        step("Construction : attente de collectstatic")
        try:
            code = build.wait(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
            raise RehearsalFailed(f"collectstatic : pas fini après {BUILD_TIMEOUT} s") from None
        if code != 0:
            raise RehearsalFailed(f"collectstatic : code de sortie {code}")
        step(f"Capteur de courrier sur 127.0.0.1:{self.smtp_port}")
        self.start(
            "smtp",
            f"python -m aiosmtpd -n -l 127.0.0.1:{self.smtp_port} "
            f"-c aiosmtpd.handlers.Mailbox {shlex.quote(str(self.maildir))}",
        )
        for name in ("web", "worker", "beat"):
            step(f"{name} : {procfile[name]}")
            self.start(name, procfile[name])
        return data

    def journey(self, data: dict) -> None:
        client = Browser(self.base_url)

        step(f"web répond sur {self.base_url}")

        def web_answers():
            self.check_alive()
            return requests.get(f"{self.base_url}/sante/", timeout=5).status_code in (200, 503)

        wait_until("web ne répond pas", START_TIMEOUT, web_answers, interval=0.5)

        step("HTTP sans le proxy TLS : redirigé vers HTTPS")
        plain = requests.get(
            f"{self.base_url}/connexion/", allow_redirects=False, timeout=REQUEST_TIMEOUT
        )
        expect(plain.status_code == 301, f"/connexion/ en HTTP : {plain.status_code}, 301 attendu")
        expect(
            plain.headers.get("Location", "").startswith("https://"),
            f"redirection vers {plain.headers.get('Location')!r}",
        )

        step("Sonde de santé de docker-compose.yml (web) sur ce serveur")
        probe = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())["services"]["web"]
        argv = [arg.replace(":8000/", f":{self.web_port}/") for arg in probe["healthcheck"]["test"]]
        expect(argv[0] == "CMD", f"sonde inattendue : {argv}")
        result = subprocess.run(
            argv[1:],
            env=self.env_cache,
            capture_output=True,
            text=True,
            timeout=REQUEST_TIMEOUT,
            check=False,
        )
        expect(
            result.returncode == 0, f"la sonde de docker-compose échoue : {result.stderr[-500:]}"
        )

        step(f"Connexion de {PASSWORD_USER} par mot de passe")
        page = client.post_form(
            "/connexion/", {"username": PASSWORD_USER, "password": DEMO_PASSWORD}
        )
        expect(
            urlsplit(page.url).path != "/connexion/",
            "connexion refusée : " + client.alert_text(page),
        )
        expect("sessionid" in client.session.cookies, "pas de cookie de session")

        step(f"Mesure saisie par le formulaire (indicateur {data['indicator']})")
        page = client.post_form(
            f"/visions/indicateurs/{data['indicator']}/mesures/nouvelle/",
            {"date": data["today"], "value": "42,5", "comment": "Répétition de production"},
        )
        expect("Valeur enregistrée" in page.text, "mesure refusée : " + client.alert_text(page))

        step(f"Fiche site en PDF demandée (site {data['site']})")
        page = client.post_form(f"/sites/{data['site']}/fiche-pdf/", {})
        job_path = urlsplit(page.url).path
        expect(job_path.startswith("/rapports/"), f"pas de page de rapport : {page.url}")

        def report_link():
            self.check_alive()
            fragment = client.get(job_path, headers={"HX-Request": "true"})
            if "La génération a échoué" in fragment.text:
                raise RehearsalFailed("rapport en échec : " + client.alert_text(fragment))
            link = BeautifulSoup(fragment.text, "html.parser").find(id="telecharger")
            return link and link["href"]

        href = wait_until("le worker n'a pas produit le rapport", REPORT_TIMEOUT, report_link)
        pdf = client.get(href)
        expect(pdf.status_code == 200, f"téléchargement : {pdf.status_code}")
        expect(
            pdf.headers.get("Content-Type") == "application/pdf" and pdf.content[:5] == b"%PDF-",
            f"pas un PDF : {pdf.headers.get('Content-Type')} {pdf.content[:20]!r}",
        )
        built_by_worker = "Task reports.build[" in self.logs["worker"].read_text()
        expect(built_by_worker, "le journal du worker ne montre pas reports.build")
        step(f"PDF téléchargé ({len(pdf.content)} octets), produit par le worker")

        step(f"Rappel du balayage planifié par beat (toutes les {SWEEP_SECONDS} s)")

        def reminder():
            self.check_alive()
            if not (self.maildir / "new").is_dir():
                return None
            for message in mailbox.Maildir(self.maildir, create=False):
                if PASSWORD_USER in message.get("To", ""):
                    return message
            return None

        message = wait_until(
            f"aucun rappel reçu pour {PASSWORD_USER}", MAIL_TIMEOUT, reminder, interval=2
        )
        subject = " ".join(str(make_header(decode_header(message["Subject"]))).split())
        beat_log = self.logs["beat"].read_text()
        expect(
            "Sending due task notifications.sweep" in beat_log,
            "le journal de beat ne montre pas l'envoi de notifications.sweep",
        )
        count = len(list(mailbox.Maildir(self.maildir, create=False)))
        step(f"Reçu : « {subject} » ({count} e-mails au capteur)")

        step("/sante/ au vert")
        last = {}

        def healthy():
            self.check_alive()
            response = requests.get(f"{self.base_url}/sante/", timeout=REQUEST_TIMEOUT)
            last["payload"] = f"{response.status_code} {response.text}"
            return response.status_code == 200 and response.json()["etat"] == "ok"

        try:
            wait_until("/sante/", HEALTH_TIMEOUT, healthy)
        except RehearsalFailed:
            raise RehearsalFailed(f"/sante/ pas au vert : {last.get('payload')}") from None
        step(f"/sante/ : {last['payload']}")


# Finds what the journey writes to: an indicator that PASSWORD_USER may change, with no
# value today yet. Printed as one line of JSON.
FIND_DATA = f"""
import json
from django.utils import timezone
from accounts.models import User
from quartiers import perms
from visions.models import Indicator
user = User.objects.get(email={PASSWORD_USER!r})
today = timezone.localdate()
indicator = next(
    i for i in Indicator.objects.select_related("objective__vision__site").order_by("pk")
    if perms.can_change(user, i) and not i.measurements.filter(date=today).exists()
)
print(json.dumps({{"indicator": indicator.pk, "site": indicator.objective.vision.site_id,
                  "today": today.isoformat()}}))
"""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise RehearsalFailed(message)


class Browser:
    """A cookie jar and CSRF tokens, as a browser behind the TLS proxy.

    The proxy terminates TLS, so the Secure cookies that Django sets (session, CSRF)
    must travel over this loopback HTTP: each cookie received loses its Secure flag in
    the jar, and redirects are followed here so that every hop goes through the jar.
    """

    MAX_REDIRECTS = 5

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"})
        self.origin = f"https://{urlsplit(base_url).netloc}"

    def _send(self, method: str, url: str, **kwargs) -> requests.Response:
        for _ in range(self.MAX_REDIRECTS + 1):
            response = self.session.request(
                method, url, allow_redirects=False, timeout=REQUEST_TIMEOUT, **kwargs
            )
            for cookie in self.session.cookies:
                cookie.secure = False
            if response.status_code not in (301, 302, 303, 307, 308):
                return response
            url = urljoin(url, response.headers["Location"])
            expect(url.startswith(self.base_url), f"redirigé hors du site : {url}")
            method, kwargs = "GET", {"headers": kwargs.get("headers")}
        raise RehearsalFailed(f"trop de redirections depuis {url}")

    def get(self, path: str, **kwargs) -> requests.Response:
        return self._send("GET", urljoin(self.base_url, path), **kwargs)

    def post_form(self, path: str, values: dict) -> requests.Response:
        """Open the page, fill its form (CSRF token included), send it, follow."""
        page = self.get(path)
        expect(page.status_code == 200, f"GET {path} : {page.status_code}")
        soup = BeautifulSoup(page.text, "html.parser")
        # The page's own form: in <main>, sent by POST, holding every field we fill.
        form = next(
            (
                tag
                for tag in (soup.find("main") or soup).find_all("form")
                if tag.get("method", "").lower() == "post"
                and tag.find("input", attrs={"name": "csrfmiddlewaretoken"})
                and all(tag.find(attrs={"name": name}) for name in values)
            ),
            None,
        )
        expect(form is not None, f"pas de formulaire sur {path}")
        data = {
            field["name"]: field.get("value", "")
            for field in form.find_all("input")
            if field.get("name") and field.get("type") not in ("checkbox", "radio", "submit")
        }
        data.update(values)
        response = self._send(
            "POST",
            urljoin(page.url, form.get("action") or page.url),
            data=data,
            headers={"Origin": self.origin, "Referer": self.origin + urlsplit(page.url).path},
        )
        expect(response.status_code == 200, f"POST {path} : {response.status_code}")
        return response

    @staticmethod
    def alert_text(response: requests.Response) -> str:
        soup = BeautifulSoup(response.text, "html.parser")
        alerts = soup.select(".fr-alert, .fr-error-text, .fr-message--error")
        return " | ".join(a.get_text(" ", strip=True) for a in alerts) or f"{response.url}"


def _interrupt(signum, frame):
    # A TERM from CI or make becomes an exception, so that the cleanup runs.
    raise KeyboardInterrupt


def main() -> int:
    started = time.monotonic()
    keep = os.environ.get("PROD_CHECK_KEEP") == "1"
    workdir = Path(tempfile.mkdtemp(prefix="qic-prod-check-"))
    rehearsal = Rehearsal(
        workdir=workdir,
        database_url=os.environ.get("PROD_CHECK_DATABASE_URL", DEFAULT_DATABASE_URL),
        redis_url=os.environ.get("PROD_CHECK_REDIS_URL", DEFAULT_REDIS_URL).rstrip("/"),
    )
    signal.signal(signal.SIGTERM, _interrupt)
    failure = None
    try:
        data = rehearsal.prepare()
        rehearsal.journey(data)
    except RehearsalFailed as exc:
        failure = str(exc)
    except KeyboardInterrupt:
        failure = "interrompue"
    except Exception as exc:  # an unexpected error is a failure too, logs printed
        failure = f"{type(exc).__name__}: {exc}"
    finally:
        step("Arrêt des processus")
        rehearsal.stop_all()
        if failure:
            rehearsal.print_log_tails()
        try:
            rehearsal.drop_services()
        except RehearsalFailed:
            pass  # refused before anything was created: the failure already says why
        except Exception as exc:
            print(f"Nettoyage incomplet de la base ou de Redis : {exc}", flush=True)
            failure = failure or f"nettoyage : {exc}"
        if keep:
            print(f"Répertoire gardé : {workdir}", flush=True)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.monotonic() - started
    if failure:
        print(f"\nÉCHEC de la répétition de production ({elapsed:.0f} s) : {failure}", flush=True)
        return 1
    print(f"\nRépétition de production réussie en {elapsed:.0f} s.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
