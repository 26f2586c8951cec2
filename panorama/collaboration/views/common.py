from django.http import HttpRequest

from panorama.accounts import permissions
from panorama.core import audit


def history_context(request: HttpRequest, obj, label: str) -> dict:
    """The history block for auditors and analysts (includes/history.html)."""
    if not permissions.has(request.user, "core.view_audit"):
        return {}
    return {
        "show_history": True,
        "history": audit.history(obj)[:50],
        "history_export": f"/audit/?format=csv&content_type=collaboration.{label}&object_id={obj.pk}",
    }


def form_errors_from(form, exc) -> None:
    """Put a service's ValidationError on the form: on a field when it names one, else on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)
