import pytest
from django.test import Client, override_settings
from django.urls import path

from panorama.core.exports import safe_cell
from panorama.core.markdown import render


def test_pages_send_a_strict_content_security_policy(client, db):
    csp = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_unknown_url_gets_the_styled_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"ds_site-header" in response.content


def _boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_is_styled_without_a_traceback(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content


def test_api_errors_are_json(client, db):
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response.json()["error"] == "page not found"


@pytest.mark.parametrize("value", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value


def test_numbers_and_plain_text_are_untouched():
    assert safe_cell(-5) == -5
    assert safe_cell("Social Security Scotland") == "Social Security Scotland"


@pytest.mark.parametrize(
    "markdown, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("<iframe src='https://evil.test'></iframe>", "<iframe"),
    ],
)
def test_markdown_is_sanitised(markdown, forbidden):
    assert forbidden not in render(markdown)


def test_markdown_keeps_safe_formatting():
    html = render("**bold** and [a link](https://www.gov.scot)")
    assert "<strong>bold</strong>" in html
    assert 'href="https://www.gov.scot"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
