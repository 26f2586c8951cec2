"""Every URL in the application, requested as every persona, answers as docs/roles.md says."""

import importlib
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import PERSONAS, World

ROLES_MD = Path(__file__).resolve().parent.parent / "docs" / "roles.md"
COLUMNS = {
    "anonymous": "anonymous",
    "viewer A": "viewer_a",
    "editor A": "editor_a",
    "editor B": "editor_b",
    "analyst": "analyst",
    "auditor": "auditor",
    "admin": "admin",
}


def read_table() -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    header: list[str] = []
    for line in ROLES_MD.read_text().splitlines():
        if not line.startswith("|"):
            header = [] if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "URL name":
            header = cells
            continue
        if not header or set(cells[0]) <= {"-"}:
            continue
        row = dict(zip(header, cells, strict=True))
        name = row["URL name"].strip("`")
        rows[name] = {"method": row["Method"], "expected": {COLUMNS[c]: int(row[c]) for c in COLUMNS}}
    return rows


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if namespace and pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


TABLE = read_table()


def _samples() -> tuple[dict[str, Callable[[World], dict]], dict[str, dict]]:
    """Each app's tests/roles/<app>.py says how to build its URLs' arguments (SAMPLES) and POST
    bodies (POST_DATA) from the test world."""
    samples: dict[str, Callable[[World], dict]] = {}
    posts: dict[str, dict] = {}
    for module_info in pkgutil.iter_modules([str(Path(__file__).parent / "roles")]):
        module = importlib.import_module(f"tests.roles.{module_info.name}")
        samples.update(getattr(module, "SAMPLES", {}))
        posts.update(getattr(module, "POST_DATA", {}))
    return samples, posts


SAMPLES, POST_DATA = _samples()


def test_every_url_is_in_the_roles_table():
    missing = all_url_names() - set(TABLE)
    assert not missing, f"Add these URLs to docs/roles.md: {sorted(missing)}"


def test_roles_table_names_only_real_urls():
    stale = set(TABLE) - all_url_names()
    assert not stale, f"docs/roles.md names URLs that no longer exist: {sorted(stale)}"


def test_every_view_declares_its_permission():
    from django.urls import get_resolver

    undeclared = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif not hasattr(pattern.callback, "permission"):
                undeclared.append(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns)
    assert not undeclared, f"Views that do not go through the permission module: {undeclared}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(TABLE))
def test_persona_gets_what_the_roles_table_says(client, world, url_name, persona):
    row = TABLE[url_name]
    kwargs = SAMPLES.get(url_name, lambda w: {})(world)
    url = reverse(url_name, kwargs=kwargs)
    if persona != "anonymous":
        client.force_login(world.people[persona])
    post = row["method"] == "POST"
    response = client.post(url, POST_DATA.get(url_name, {})) if post else client.get(url)
    expected = row["expected"][persona]
    assert response.status_code == expected, (
        f"{persona} {row['method']} {url}: {response.status_code}, expected {expected}"
    )
    if persona == "editor_b" and expected in (403, 404):
        assert world.body_a.name.encode() not in response.content or url_name.startswith("organisations:")
    if expected == 302 and persona == "anonymous" and row["method"] == "GET":
        assert "/sign-in/" in response["Location"]


def test_roles_table_has_a_column_per_persona_and_a_status_in_every_cell():
    lines = ROLES_MD.read_text().splitlines()
    headers = [i for i, line in enumerate(lines) if re.match(r"\| URL name \|", line)]
    assert len(headers) >= 10, "docs/roles.md should hold one table per app"
    expected_header = ["URL name", "Method", "Sample", *COLUMNS]
    rows = 0
    for start in headers:
        assert [c.strip() for c in lines[start].strip().strip("|").split("|")] == expected_header
        for line in lines[start + 2 :]:
            if not line.startswith("|"):
                break
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            assert len(cells) == len(expected_header), line
            assert cells[1] in ("GET", "POST", "PUT", "PATCH", "DELETE"), line
            assert all(re.fullmatch(r"[1-5]\d\d", cell) for cell in cells[3:]), line
            rows += 1
    assert rows == len(TABLE) > 0  # and no URL name appears twice
