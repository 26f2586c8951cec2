import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from panorama.core import audit

from .models import BudgetBand, Collection, Organisation, Sector, StaffBand

REFERENCE_CSV = Path(__file__).parent / "data" / "scottish-public-bodies.csv"


class StaleEdit(ValidationError):
    pass


def organisation_update(*, actor, organisation: Organisation, version: int, data: dict) -> Organisation:
    """Apply a form's cleaned data. `version` is the one the editor's page was loaded with: if the
    body changed since, the save is refused rather than silently overwriting someone else's edit."""
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if current.version != version:
            raise StaleEdit(
                f"{current.name} has changed since this page was loaded. Reload it and make your change again."
            )
        before = audit.snapshot(current)
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        current.version += 1
        current.save()
        audit.record(actor=actor, action="organisations.organisation.changed", obj=current, before=before)
    return current


def collection_set_counted(*, actor, collection: Collection, version: int, counted: bool) -> Collection:
    """An analyst's choice to count an imported collection in the national picture (or to keep it
    apart again, the default). Refused if the collection changed since the page was loaded."""
    with transaction.atomic():
        current = Collection.objects.select_for_update().get(pk=collection.pk)
        if current.version != version:
            raise StaleEdit(
                f"{current.name} has changed since this page was loaded. Reload it and choose again."
            )
        if current.counted == counted:
            return current
        before = audit.snapshot(current)
        current.counted = counted
        current.version += 1
        current.save()
        audit.record(actor=actor, action="organisations.collection.changed", obj=current, before=before)
    return current


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def organisations_load_reference(*, path: Path = REFERENCE_CSV, actor=None) -> LoadResult:
    """Load the reference list of bodies. Idempotent: matched on short name, only differences are
    written (and recorded), so running it twice changes nothing."""
    result = LoadResult()
    sectors = set(Sector.values)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    problems = [
        f"Row {number}: sector {row['sector']!r} is not one of {', '.join(sorted(sectors))}."
        for number, row in enumerate(rows, start=2)
        if row["sector"].strip() not in sectors
    ]
    # The size columns are optional (an older list has only name, short name, sector and kind).
    for column, bands in (("staff_band", StaffBand), ("budget_band", BudgetBand)):
        problems += [
            f"Row {number}: {column} {row[column]!r} is not one of {', '.join(bands.values)}."
            for number, row in enumerate(rows, start=2)
            if (row.get(column) or "").strip() and row[column].strip() not in bands.values
        ]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        existing = {o.short_name: o for o in Organisation.objects.all()}
        for row in rows:
            values = {
                "name": row["name"].strip(),
                "sector": row["sector"].strip(),
                "kind": row["kind"].strip(),
                "sponsor": (row.get("sponsor") or "").strip(),
                "staff_band": (row.get("staff_band") or "").strip(),
                "budget_band": (row.get("budget_band") or "").strip(),
                "size_approximate": (row.get("size_approximate") or "").strip().lower()
                in {"yes", "true", "1"},
            }
            short_name = row["short_name"].strip()
            organisation = existing.get(short_name)
            if organisation is None:
                organisation = Organisation(short_name=short_name, slug=slugify(short_name), **values)
                organisation.full_clean()
                organisation.save()
                audit.record(
                    actor=actor, action="organisations.organisation.created", obj=organisation, before={}
                )
                result.created += 1
            elif any(getattr(organisation, k) != v for k, v in values.items()):
                before = audit.snapshot(organisation)
                for key, value in values.items():
                    setattr(organisation, key, value)
                organisation.version += 1
                organisation.save()
                audit.record(
                    actor=actor, action="organisations.organisation.changed", obj=organisation, before=before
                )
                result.updated += 1
            else:
                result.unchanged += 1
    return result
