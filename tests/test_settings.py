import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.template.base import Origin

from qic.env import env_bool, env_int, env_list, env_rate


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("QIC_FLAG", "oui")
    monkeypatch.setenv("QIC_COUNT", " 12 ")
    monkeypatch.setenv("QIC_HOSTS", "a.fr, b.fr,,")
    assert env_bool("QIC_FLAG") is True
    assert env_int("QIC_COUNT", 0) == 12
    assert env_list("QIC_HOSTS") == ["a.fr", "b.fr"]
    assert env_int("QIC_MISSING", 7) == 7


@pytest.mark.parametrize(("reader", "value"), [(env_bool, "peut-être"), (env_int, "douze")])
def test_env_helpers_fail_loudly_on_a_bad_value(monkeypatch, reader, value):
    monkeypatch.setenv("QIC_BAD", value)
    with pytest.raises(ImproperlyConfigured, match="QIC_BAD"):
        reader("QIC_BAD", 0) if reader is env_int else reader("QIC_BAD")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("5/m", True),
        ("10/15m", True),
        ("100/h", True),
        ("cinq par minute", False),
        ("0/m", False),
        ("5/minute", False),
    ],
)
def test_rates_of_the_public_forms_are_checked_at_start_up(monkeypatch, value, valid):
    monkeypatch.setenv("RATE_LIMIT_SONDE", value)
    if valid:
        assert env_rate("RATE_LIMIT_SONDE", "1/m") == value
    else:
        with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_SONDE"):
            env_rate("RATE_LIMIT_SONDE", "1/m")


def _start_production(**variables):
    """Load the production settings in a fresh interpreter with only these variables."""
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DEBUG": "false", "ALLOWED_HOSTS": "qic.example.org"}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='qic.settings'; django.setup()"
            "\nfrom django.conf import settings"
            "\nif os.environ.get('QIC_PROBE'): print(getattr(settings, os.environ['QIC_PROBE']))",
        ],
        env={**env, **variables},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _start_production()
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [("redis://127.0.0.1:6379/0", "cached_db"), ("", "db")],
)
def test_sessions_are_cached_only_in_a_cache_every_worker_shares(cache_url, engine):
    # A per-process cache would keep, in one worker, a session a logout in another ended.
    probe = _start_production(
        SECRET_KEY="une-cle-de-test-assez-longue-et-variee-0123456789-abcdef",
        CACHE_URL=cache_url,
        QIC_PROBE="SESSION_ENGINE",
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == f"django.contrib.sessions.backends.{engine}"


def test_an_unknown_variable_in_our_templates_fails_the_tests():
    origin = Origin(name=str(settings.BASE_DIR / "templates" / "sonde.html"))
    template = Template("{{ variable_inconnue }}", origin=origin)
    with pytest.raises(Exception, match="Variable de gabarit inconnue"):
        template.render(Context({}))


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit():
    """JIT compilation cost more than it saved on the national aggregates
    (docs/performance.md): connections turn it off unless DATABASE_JIT says otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("réglage propre à PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize(
    "weak_key",
    [
        "x",  # one character
        "a" * 64,  # long, but a single character repeated
        "abcd" * 20,  # long, four distinct characters
        "django-insecure-" + "k3y-g3n3rat3d-by-startproject-0123456789abcdefgh",
        "correct-horse-battery-staple-0123",  # 33 characters
    ],
    ids=["one-character", "one-repeated", "four-distinct", "django-insecure", "short"],
)
def test_production_settings_refuse_a_weak_secret_key(weak_key):
    """The criteria of Django's own check (security.W009), enforced at start-up."""
    result = _start_production(SECRET_KEY=weak_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY est trop faible" in result.stderr
    assert "au moins 50 caractères" in result.stderr
