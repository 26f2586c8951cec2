"""The direction of imports between apps, as docs/architecture.md draws it ("Dependencies between
apps"): an app may import the apps below it, never one above it. Read from the source with `ast`, so
an import inside a function counts as much as one at the top of a module."""

import ast
from pathlib import Path

PANORAMA = Path(__file__).resolve().parent.parent / "panorama"

# Lower layers first. An app may import its own layer's shared machinery only where listed below.
LAYERS: list[set[str]] = [
    {"core"},
    {"organisations"},
    {"accounts"},
    {"strategy"},
    {"programmes"},
    {"returns", "finance", "skills", "lessons", "collaboration"},
    {"radar", "prioritisation"},
    {"picture"},
    {"reports", "site"},
]
# `api` is the endpoint machinery every app's api.py uses (its decorator and pagination), as
# `accounts.permissions` is the one permission module: both are imported from everywhere.
EVERYWHERE = {"api"}
# Imports against the direction that the architecture allows, each for its reason.
ALLOWED = {
    # The permission module is asked by every page, organisations' own included.
    ("organisations", "accounts"),
    # A commitment's programmes are counted from the register (strategy.selectors).
    ("strategy", "programmes"),
    # A return kind is declared with the returns machinery (programmes/return_kinds.py).
    ("programmes", "returns"),
}


def _rank(app: str) -> int | None:
    if app in EVERYWHERE:
        return len(LAYERS)  # as an importer, `api` composes the others (it lists their endpoints)
    return next((i for i, layer in enumerate(LAYERS) if app in layer), None)


def _imports() -> list[tuple[str, str, str]]:
    """(importing app, imported app, file) for every import of one Panorama app by another."""
    apps = {p.name for p in PANORAMA.iterdir() if (p / "__init__.py").exists()}
    found = []
    for path in PANORAMA.rglob("*.py"):
        parts = path.relative_to(PANORAMA).parts
        if len(parts) < 2 or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                bits = name.split(".")
                if bits[0] == "panorama" and len(bits) > 1 and bits[1] in apps and bits[1] != parts[0]:
                    found.append((parts[0], bits[1], str(path.relative_to(PANORAMA.parent))))
    return found


def test_core_imports_no_domain_app():
    assert [f for source, target, f in _imports() if source == "core"] == []


def test_every_app_has_its_place_in_the_layers():
    apps = {p.name for p in PANORAMA.iterdir() if (p / "__init__.py").exists()} - {"static", "templates"}
    assert {a for a in apps if _rank(a) is None} == set()


def test_no_app_imports_an_app_above_it():
    against = [
        f"{path}: {source} imports {target}"
        for source, target, path in _imports()
        if target not in EVERYWHERE and (source, target) not in ALLOWED and _rank(target) > _rank(source)  # type: ignore[operator]
    ]
    assert against == []


def test_the_programmes_demo_does_not_import_the_overlap_finder():
    # The demo's check that no two bodies' programmes look alike is the collaboration app's
    # (collaboration/demo_register.py); the programmes app sits below collaboration.
    assert [p for s, t, p in _imports() if (s, t) == ("programmes", "collaboration")] == []
