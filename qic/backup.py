"""Backups of the whole database: ``pg_dump -Fc`` on PostgreSQL, ``VACUUM INTO`` on SQLite.

Both give one self-contained file that ``restore`` loads back. Uploaded documents
(MEDIA_ROOT) are files on disk: they are copied by the host's file backup, not here
(docs/backups.md).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


class BackupError(Exception):
    pass


def default_backup_path() -> Path:
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"qic-{stamp}.{suffix}"


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"« {tool} » est introuvable : installez le client PostgreSQL.")
    return path


def backup_database(destination: Path, db: dict | None = None) -> Path:
    """Write a full copy of the database to ``destination`` and return its path."""
    db = db or settings.DATABASES["default"]
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if db["ENGINE"].endswith("sqlite3"):
        if destination.exists():
            destination.unlink()
        # VACUUM INTO writes a consistent copy, even while the site is in use.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(destination)])
        return destination
    if "postgresql" in db["ENGINE"]:
        command = [_require("pg_dump"), "--format=custom", "--no-owner", "--file", str(destination)]
        result = subprocess.run(
            [*command, *_pg_args(db), db["NAME"]], env=_pg_env(db), capture_output=True, text=True
        )
        if result.returncode:
            raise BackupError(f"pg_dump a échoué : {result.stderr.strip()}")
        return destination
    raise BackupError(f"Moteur de base non pris en charge : {db['ENGINE']}")


def restore_database(source: Path, db: dict) -> None:
    """Load a backup into the (existing, preferably empty) database described by ``db``."""
    source = Path(source)
    if not source.exists():
        raise BackupError(f"Fichier de sauvegarde introuvable : {source}")
    if db["ENGINE"].endswith("sqlite3"):
        target = Path(db["NAME"])
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return
    if "postgresql" in db["ENGINE"]:
        command = [
            _require("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            db["NAME"],
        ]
        result = subprocess.run(
            [*command, *_pg_args(db), str(source)], env=_pg_env(db), capture_output=True, text=True
        )
        if result.returncode:
            raise BackupError(f"pg_restore a échoué : {result.stderr.strip()}")
        return
    raise BackupError(f"Moteur de base non pris en charge : {db['ENGINE']}")
