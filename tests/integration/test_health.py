"""GET /healthz: what a monitor polls."""

import pytest

from tests.conftest import free_port


@pytest.fixture(scope="module")
def client():
    from app import server

    return server.test_client()


def test_hlt001_reports_database_and_last_load(client, loaded_db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] is True
    assert body["last_load"] and body["data_age_seconds"] >= 0


def test_hlt002_answers_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": False, "error": "database unreachable"}


def test_hlt003_pages_say_when_the_database_is_down(client, monkeypatch):
    from pages import home

    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing")
    with client.application.test_request_context("/"):
        rendered = str(home.layout())
    assert "Basis data sedang tidak dapat dihubungi" in rendered
