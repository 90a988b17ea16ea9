"""Deny by default: walk every URL pattern anonymously."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {"/accounts/login/", "/healthz", "/i18n/setlang/"}
SAMPLE = {"slug": "zone1", "uuid": str(uuid.uuid4()), "int": "1", "str": "x", "path": "x"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _fill(route):
    import re

    def repl(match):
        converter = match.group(1) or "str"
        return SAMPLE.get(converter, "x")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", repl, route).lstrip("^").rstrip("$")


def test_every_url_needs_login_except_the_allow_list(client):
    routes = sorted({_fill(route) for route in _walk(get_resolver().url_patterns)})
    assert len(routes) > 15
    for url in routes:
        if url in PUBLIC:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (302, 401), (method, url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url


def test_allow_list_pages_answer_anonymously(client):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_database_failure(client, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
