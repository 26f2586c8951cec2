"""Opening an edit form and saving it unchanged changes nothing: every saved date comes back in
its field (an `<input type="date">` shows only an ISO value; any other shows as empty and the save
erased it), so neither the record nor the audit trail moves."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from panorama.core import audit
from panorama.core.models import AuditEvent
from tests.roles import collaboration, finance, lessons, map, returns

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLES = {**collaboration.SAMPLES, **finance.SAMPLES, **lessons.SAMPLES, **map.SAMPLES, **returns.SAMPLES}

# Every edit form that shows a saved date: its URL name, its model and its date fields.
EDIT_FORMS = [
    ("strategy:strategy-edit", "strategy.Strategy", ["published"]),
    ("strategy:commitment-edit", "strategy.Commitment", ["last_updated", "target_date"]),
    ("strategy:measure-edit", "strategy.OutcomeMeasure", ["baseline_date", "target_date"]),
    (
        "programmes:edit",
        "programmes.Programme",
        ["start_baseline", "start_forecast", "end_baseline", "end_forecast"],
    ),
    ("lessons:edit", "lessons.Lesson", ["date"]),
    ("lessons:review-edit", "lessons.AssuranceReview", ["date"]),
    ("finance:legacy-edit", "finance.LegacySystem", ["contract_end", "end_of_support"]),
    ("collaboration:meeting-edit", "collaboration.Meeting", ["held_on"]),
    ("collaboration:action-edit", "collaboration.Action", ["due"]),
    ("collaboration:licence-edit", "collaboration.Licence", ["renews_on"]),
    ("returns:window-edit", "returns.ReturnWindow", ["due_on"]),
]
UNTRACKED = {"version", "updated_at"}


def saved_state(obj) -> dict:
    obj.refresh_from_db()
    return {k: v for k, v in audit.snapshot(obj).items() if k not in UNTRACKED}


@pytest.mark.parametrize("url_name,label,date_fields", EDIT_FORMS, ids=[f[0] for f in EDIT_FORMS])
def test_saving_an_edit_form_unchanged_keeps_its_dates(page, world, url_name, label, date_fields):
    kwargs = SAMPLES[url_name](world)
    model = apps.get_model(label)
    # Days of the month up to 12, so a day and month read the wrong way round would show.
    dates = {name: datetime.date(2024, 2 + 2 * i, 7) for i, name in enumerate(date_fields)}
    # A programme with no delivery confidence must say why before any save.
    extra = {"confidence_reason": "Not yet assessed"} if label == "programmes.Programme" else {}
    model.objects.filter(**kwargs).update(**dates, **extra)
    obj = model.objects.get(**kwargs)
    before, events = saved_state(obj), AuditEvent.objects.count()

    sign_in(page, world.analyst)
    response = page.goto(reverse(url_name, kwargs=kwargs))
    assert response.status == 200
    for name, value in dates.items():
        field = page.locator(f"[name='{name}']")
        shown = field.input_value()
        if field.get_attribute("type") == "date":
            assert shown == value.isoformat(), f"{url_name} shows {name} as {shown!r}"
        else:
            assert shown, f"{url_name} shows {name} empty"
    form = page.locator(f"form:has([name='{date_fields[0]}'])")
    form.locator("button[type=submit], button:not([type]), input[type=submit]").first.click()
    page.wait_for_load_state()

    assert not page.locator(".ds_error-summary").count(), page.locator(".ds_error-summary").inner_text()
    assert saved_state(obj) == before
    assert AuditEvent.objects.count() == events
