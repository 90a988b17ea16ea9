"""The full-text index over policy articles, one per database (decision 0031).

SQLite: an FTS5 table whose rowid is the article's id, holding the segmented title and text;
the services write it together with the article. PostgreSQL: a stored generated tsvector column
(``simple`` configuration over the segmented words, title weighted above text) with a GIN index,
kept current by the database itself. Each step runs only on its own database.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE policies_article_fts USING fts5("
    "search_title, search_body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS policies_article_fts"]
POSTGRES_UP = [
    "ALTER TABLE policies_policyarticle ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', search_title), 'A') || "
    "setweight(to_tsvector('simple', search_body), 'B')) STORED",
    "CREATE INDEX policies_article_search ON policies_policyarticle USING GIN (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS policies_article_search",
    "ALTER TABLE policies_policyarticle DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
