from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from panorama.accounts import permissions
from panorama.core import audit
from panorama.core.forms import errors_onto


def history_context(request: HttpRequest, obj, label: str) -> dict:
    """The history block for auditors and analysts (includes/history.html)."""
    if not permissions.has(request.user, "core.view_audit"):
        return {}
    return {
        "show_history": True,
        "history": audit.history(obj)[:50],
        "history_export": f"/audit/?format=csv&content_type=collaboration.{label}&object_id={obj.pk}",
    }


def submitted(
    request: HttpRequest,
    form,
    save: Callable[[dict], Any],
    *,
    message: str | Callable[[Any], str],
    then: Any = None,
) -> HttpResponse | None:
    """The write half of a form view. On a valid POST, `save(cleaned_data)` calls the service; a
    ValidationError it raises lands on the form (None: show the form again); success flashes
    `message` and redirects to `then` (a URL or an object), or to what `save` returned."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ValidationError as exc:
        errors_onto(form, exc)
        return None
    messages.success(request, message(saved) if callable(message) else message)
    return redirect(then if then is not None else saved)


def without_version(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "version"}
