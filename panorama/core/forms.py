"""What every app's form views share."""

from django import forms
from django.core.exceptions import ValidationError

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """The browser's date picker, for every date field in the app. An `<input type="date">` takes
    and gives only ISO dates (2026-11-07) whatever the page's language; Django's own DateInput
    writes the locale's format (07/11/2026 in en-gb), which the browser shows as an empty field,
    so the next save erased the date. This one always writes ISO, whatever format it is given."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


def errors_onto(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form that sent the data: each message on the field it
    names, when the form has that field, else with the form's own errors (which the error summary
    lists first). Services check what forms cannot — a stale version, another body's record — and
    may name fields the form does not show; passing those straight to `add_error` would raise."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
