"""The real published datasets the importer tests read: in `../shared/data/real/` beside the project
(the README says so), found relative to the project, never by a path of one machine."""

from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


def real_file(name: str) -> Path:
    """The path of a real dataset; a test that needs one fails with one sentence when it is absent."""
    path = REAL / name
    if not path.exists():
        pytest.fail(
            f"The real dataset {name} is not at {path}: the tests expect ../shared beside the project."
        )
    return path
