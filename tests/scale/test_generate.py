"""The scale generator: it fills an empty database with data that passes the application's own
rules (stage gates, month-end figures, the audit chain), gives the same business rows for the
same seed on SQLite and PostgreSQL, and refuses a database that already holds a county.

Each run is a ``manage.py`` subprocess on its own data directory and database.
"""

import re

import pytest

from tests.resilience.test_backup_drill import System, _postgres_available


def _fingerprint(output):
    found = re.search(r"Fingerprint: ([0-9a-f]{64})", output)
    assert found, output
    return found.group(1)


@pytest.fixture
def installs(tmp_path):
    made = []

    def install(engine):
        if engine == "postgresql" and not _postgres_available():
            pytest.skip("PostgreSQL is not reachable")
        path = tmp_path / f"{engine}-{len(made)}"
        path.mkdir()
        system = System(path, engine)
        made.append(system)
        system.manage("migrate", "--noinput")
        return system

    yield install
    for system in made:
        system.close()


def test_the_same_seed_gives_the_same_verified_county_on_sqlite_and_postgresql(installs):
    outputs = {}
    for engine in ("sqlite", "postgresql"):
        system = installs(engine)
        outputs[engine] = system.manage(
            "generate_scale", "--scale", "small", "--seed", "7", "--verify"
        ).stdout
        assert (
            "Verified: histories, gates, snapshots, reports and the audit chain." in outputs[engine]
        )
        assert system.sql_count("projects_project") == 300
        assert system.sql_count("assessment_ranking") == 1
        assert "intact" in system.manage("audit_verify").stdout
    assert _fingerprint(outputs["sqlite"]) == _fingerprint(outputs["postgresql"])


def test_another_seed_gives_other_data_and_a_full_database_is_refused(installs):
    system = installs("sqlite")
    first = system.manage("generate_scale", "--scale", "small", "--seed", "8", "--verify")
    refused = system.manage("generate_scale", "--scale", "small", ok=False)
    assert refused.returncode != 0
    assert "already holds a county" in refused.stderr
    assert system.sql_count("projects_project") == 300
    other = installs("sqlite")
    second = other.manage("generate_scale", "--scale", "small", "--seed", "9", "--verify")
    assert _fingerprint(first.stdout) != _fingerprint(second.stdout)
