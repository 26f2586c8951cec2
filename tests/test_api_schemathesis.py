"""Schemathesis generates requests for every operation in /api/v1/openapi.json and checks each
response against the document: status codes, content types and response schemas. It runs as an
analyst (with a personal API token) and anonymously, so both the data and the refusals conform."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from panorama.wsgi import application

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", application, headers={"Host": "localhost", "Accept-Encoding": "identity"}
)


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI application here, not through Django's test client, so do
    what the test client does: keep the request signals from closing the test's database
    connection (on PostgreSQL it is inside the test's transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def analyst_token(world, keep_test_connection) -> str:
    from decimal import Decimal

    from panorama.accounts.services import token_create
    from panorama.core.periods import period_from_label
    from panorama.picture.models import Service, ServicePerformance

    service = Service.objects.create(
        slug="sss-best-start-grant", name="Best Start Grant", organisation=world.body_a
    )
    ServicePerformance.objects.create(
        service=service,
        period=period_from_label("2025-26 Q2"),
        transactions=100,
        digital_transactions=80,
        cost_per_transaction=Decimal("4.50"),
    )
    _, raw = token_create(person=world.analyst, name="schemathesis", scope="write")
    return raw


@schemathesis.check
def refusals_say_why(ctx, response, case):
    """A request the API refuses with 400 gets one specific sentence saying why (an unknown round,
    a control character), not a bare status: the API answers a well-formed value that names nothing
    it holds with 400 and that sentence, which schemathesis's own "schema-valid data is accepted"
    check would count as a failure, so that check gives way to this one."""
    if response.status_code == 400:
        detail = response.json().get("detail", "")
        assert detail and detail.endswith("."), f"a 400 without a sentence saying why: {response.text}"


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_openapi_document(case, analyst_token):
    checks = {"excluded_checks": [positive_data_acceptance], "additional_checks": [refusals_say_why]}
    case.call_and_validate(
        headers={
            "Authorization": f"Bearer {analyst_token}",
            "Host": "localhost",
            "Accept-Encoding": "identity",
        },
        **checks,
    )
    case.call_and_validate(headers={"Host": "localhost", "Accept-Encoding": "identity"}, **checks)
