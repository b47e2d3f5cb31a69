"""Production settings pass Django's deployment checklist and send the security headers."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import client_for


def test_check_deploy_prints_no_warning():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "qic.example.gouv.fr",
        "BEHIND_TLS_PROXY": "true",
        "DJANGO_SETTINGS_MODULE": "qic.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_send_a_strict_content_security_policy(db):
    response = client_for(None).get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_production_image_holds_every_app_of_the_project():
    """The Dockerfile copies the whole tree; .dockerignore must not leave out an app."""
    from fnmatch import fnmatch
    from pathlib import Path

    from django.apps import apps

    base = Path(settings.BASE_DIR)
    assert "COPY . ." in (base / "Dockerfile").read_text()
    ignored = [
        line.strip().rstrip("/")
        for line in (base / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    local_apps = [
        Path(app.path).relative_to(base).as_posix()
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base)
    ]
    assert {"qic", "quartiers", "visions", "cercles", "reports"} <= set(local_apps)
    for folder in [*local_apps, "templates", "static", "manage.py"]:
        assert not any(fnmatch(folder, pattern) for pattern in ignored), folder


PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "qic.example.gouv.fr",
    "BEHIND_TLS_PROXY": "true",
    "DJANGO_SETTINGS_MODULE": "qic.settings",
}
# The HSTS header of a page (before any database access: anonymous, sent to the login).
HSTS_HEADER = (
    "import django; django.setup(); from django.test import Client; "
    "response = Client().get('/', secure=True, headers={'host': 'qic.example.gouv.fr'}); "
    "print(response['Strict-Transport-Security'])"
)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "max-age=31536000; includeSubDomains"),
        ({"SECURE_HSTS_PRELOAD": "true"}, "max-age=31536000; includeSubDomains; preload"),
    ],
)
def test_hsts_asks_for_preload_only_when_told_to(extra, expected):
    """README: preload is off unless SECURE_HSTS_PRELOAD=true (a hard promise to undo)."""
    result = subprocess.run(
        [sys.executable, "-c", HSTS_HEADER],
        env={**PRODUCTION_ENV, **extra},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def _procfile():
    from pathlib import Path

    processes = {}
    for line in (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        processes[name.strip()] = command.strip()
    return processes


def test_the_procfile_declares_release_web_worker_and_beat():
    processes = _procfile()
    assert set(processes) == {"release", "web", "worker", "beat"}
    assert processes["release"] == "python manage.py migrate --no-input"
    assert processes["web"].startswith("gunicorn qic.wsgi:application")
    assert processes["worker"].startswith("celery -A qic worker")
    assert processes["beat"].startswith("celery -A qic beat")


def test_the_dockerfile_and_docker_compose_run_the_procfile_commands():
    """Three descriptions of the same processes: they cannot drift apart."""
    import json
    import re
    import shlex
    from pathlib import Path

    import yaml

    base = Path(settings.BASE_DIR)
    processes = {name: shlex.split(command) for name, command in _procfile().items()}
    dockerfile = (base / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert json.loads(cmd.group(1)) == processes["web"]
    # gunicorn takes its address and worker count from the environment, as on a PaaS.
    assert re.search(r"^ENV PORT=8000", dockerfile, re.MULTILINE)
    assert "WEB_CONCURRENCY=" in dockerfile

    services = yaml.safe_load((base / "docker-compose.yml").read_text())["services"]
    for name, argv in processes.items():
        assert shlex.split(services[name]["command"]) == argv, name
    # Migrations run once, in the release phase, before the other processes start.
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["release"] == {
            "condition": "service_completed_successfully"
        }, name
        assert "migrate" not in services[name]["command"], name
    assert services["release"]["restart"] == "no"


def test_make_prod_check_runs_the_rehearsal_after_install():
    from pathlib import Path

    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    assert "\nprod-check: install\n\t$(BIN)/python deploy/prod_check.py\n" in makefile
