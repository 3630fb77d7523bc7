"""The API against its contract: schemathesis generates requests from /api/v1/openapi.json (valid ones and ones the
contract forbids) and sends them to the portal under gunicorn, as a program would. No answer may be a server error,
fall outside the documented statuses, content types and schemas, accept what the contract forbids, or show an
anonymous client a restricted indicator (its code or its name, in either language)."""

from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from portal.state.api import PARAMS
from tests.accounts import restricted_markers, stop_server
from tests.browser.conftest import serve

pytestmark = pytest.mark.security
MARKERS = restricted_markers()


@pytest.fixture(scope="module")
def api_server(loaded_db_session):
    """The portal under gunicorn (2 workers) on the session's loaded databases, with room for the fuzzer's pace."""
    proc, base = serve(loaded_db_session, {"API_RATE_LIMIT": "1000000 per minute", "BASE_URL": ""})
    yield base
    stop_server(proc)


@pytest.fixture(scope="module")
def api_schema(api_server):
    return schemathesis.openapi.from_url(f"{api_server}/api/v1/openapi.json")


def no_restricted_indicator(ctx, response, case) -> None:
    """An anonymous client never receives a restricted indicator's code or name."""
    if case.headers and "Authorization" in case.headers:
        return
    found = [m for m in MARKERS if m in response.text]
    if found:
        raise AssertionError(f"restricted indicator in the answer to an anonymous client: {found[:3]}")


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
    no_restricted_indicator,
]
SETTINGS = hypothesis.settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    derandomize=True,
    database=None,
)


# Every operation with valid requests; those that take parameters also with requests the contract forbids.
CASES = [(op, mode) for op in PARAMS for mode in GenerationMode if mode == GenerationMode.POSITIVE or PARAMS[op]]


@pytest.mark.parametrize(("operation", "mode"), CASES)
def test_fuzz001_every_answer_keeps_the_contract(api_schema, operation, mode):
    """Anonymous: every generated request, valid (positive) or not (negative), gets an answer the contract
    allows, and none shows a restricted indicator."""
    found = api_schema.find_operation_by_id(operation)

    @SETTINGS
    @hypothesis.given(case=found.as_strategy(mode))
    def fuzz(case):
        case.call_and_validate(checks=CHECKS, headers={"Accept": "application/json"}, timeout=60)

    fuzz()
