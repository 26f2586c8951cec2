"""What every app's form views share."""

from django import forms
from django.core.exceptions import ValidationError


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
