"""The restore drill: back up, restore into a scratch database, find every row again."""

import io
import sqlite3

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from qic.backup import BackupError, backup_database, restore_database

pytestmark = pytest.mark.django_db(transaction=True)


def _row_counts_here() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _scratch_postgres(name: str) -> dict:
    settings = dict(connection.settings_dict)
    admin = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return {**settings, "NAME": name}


def _drop_postgres(db: dict) -> None:
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')


def _row_counts_in(db: dict, tables) -> dict[str, int]:
    if connection.vendor == "sqlite":
        with sqlite3.connect(db["NAME"]) as conn:
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    ) as conn:
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_restore_drill_finds_every_row(tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    before = _row_counts_here()
    assert before["quartiers_site"] > 0 and before["auditlog_logentry"] > 0

    dump = backup_database(tmp_path / "qic.backup", connection.settings_dict)
    assert dump.stat().st_size > 0

    if connection.vendor == "sqlite":
        scratch = {**connection.settings_dict, "NAME": str(tmp_path / "scratch.sqlite3")}
    else:
        scratch = _scratch_postgres(f"{connection.settings_dict['NAME']}_drill")
    try:
        restore_database(dump, scratch)
        assert _row_counts_in(scratch, before) == before
    finally:
        if connection.vendor != "sqlite":
            _drop_postgres(scratch)


def test_restoring_a_missing_file_says_so_in_french(tmp_path):
    with pytest.raises(BackupError, match="Fichier de sauvegarde introuvable"):
        restore_database(tmp_path / "absent.dump", connection.settings_dict)


def test_backup_command_writes_a_file(tmp_path):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "b.backup"), stdout=out)
    assert "Sauvegarde écrite" in out.getvalue()
    assert (tmp_path / "b.backup").stat().st_size > 0
