"""GET /healthz: what a monitor polls."""

import pytest

from portal.db import using
from tests.conftest import free_port, web_app

DOWN = "postgresql+psycopg://postgres@127.0.0.1:{port}/nothing"


@pytest.fixture
def down():
    """A client of an app whose database does not answer."""
    return web_app(DOWN.format(port=free_port())).server.test_client()


def test_hlt001_reports_database_and_last_load(loaded_db):
    response = web_app(loaded_db).server.test_client().get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] is True
    assert body["last_load"] and body["data_age_seconds"] >= 0


def test_hlt002_answers_503_when_the_database_is_down(down):
    response = down.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": False, "error": "database unreachable"}


def test_hlt003_pages_say_when_the_database_is_down(down):
    from pages import home

    with down.application.test_request_context("/"), using(DOWN.format(port=free_port())):
        rendered = str(home.layout())
    assert "Basis data sedang tidak dapat dihubungi" in rendered
