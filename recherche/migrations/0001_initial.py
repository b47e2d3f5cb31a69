import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

# PostgreSQL only: the French configuration without accents, and the GIN index of the
# vectors. SQLite searches a folded text column instead (recherche/search.py).
CONFIGURATION = """
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END $$;
"""
GIN_INDEX = (
    "CREATE INDEX IF NOT EXISTS search_entry_vector_gin "
    "ON recherche_searchentry USING gin (vector)"
)


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("quartiers", "0005_site_events"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(postgresql_only(CONFIGURATION), migrations.RunPython.noop),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="identifiant de l'objet")),
                ("kind", models.CharField(max_length=30, verbose_name="type de résultat")),
                ("title", models.CharField(max_length=300, verbose_name="titre")),
                ("subtitle", models.CharField(blank=True, max_length=300, verbose_name="précision")),
                ("url", models.CharField(max_length=300, verbose_name="adresse")),
                ("body", models.TextField(blank=True, verbose_name="texte")),
                ("keywords", models.TextField(blank=True, verbose_name="mots-clés")),
                (
                    "folded_title",
                    models.CharField(max_length=300, verbose_name="titre sans accents"),
                ),
                ("folded", models.TextField(verbose_name="texte sans accents")),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        editable=False, null=True, verbose_name="vecteur de recherche"
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="type d'objet",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="quartiers.site",
                        verbose_name="site",
                    ),
                ),
            ],
            options={
                "verbose_name": "entrée de l'index de recherche",
                "verbose_name_plural": "entrées de l'index de recherche",
                "indexes": [
                    models.Index(fields=["kind", "object_id"], name="recherche_s_kind_52da35_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("content_type", "object_id"), name="search_entry_unique_object"
                    )
                ],
            },
        ),
        migrations.RunPython(postgresql_only(GIN_INDEX), migrations.RunPython.noop),
    ]
