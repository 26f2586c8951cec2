from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require, wants_json
from panorama.core import audit, jobs
from panorama.core.answers import public_page
from panorama.core.exports import csv_response
from panorama.core.models import AuditEvent, Notification
from panorama.core.pagination import paginate
from panorama.organisations.models import Organisation

from . import selectors


@require("core.public")
@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "site/home.html", {"bodies": Organisation.objects.filter(active=True).count()})


@require("core.public")
@public_page
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "site/about.html")


@require("core.public")
@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html")


@never_cache
@require("core.public")
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require("core.public")
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready for traffic: the database answers and the worker keeps up (the oldest job waiting to
    run has waited no longer than PANORAMA_READY_QUEUE_SECONDS)."""
    try:
        waiting = jobs.oldest_waiting_seconds()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    limit = settings.PANORAMA_READY_QUEUE_SECONDS
    queue = {"oldest_waiting_seconds": round(waiting, 1), "limit_seconds": limit}
    if waiting > limit:
        return JsonResponse(
            {"status": "error", "database": "ok", "queue": {**queue, "state": "behind"}}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "queue": {**queue, "state": "ok"}})


@require("core.signed_in")
def job_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.jobs_for_user(user=request.user))
    context = {
        "page": page,
        "rows": [jobs.describe(job) for job in page],
        "all_jobs": permissions.has(request.user, "core.view_all_jobs"),
    }
    return render(request, "site/jobs.html", context)


@require("core.signed_in")
def job_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    job = selectors.job_for_user(user=request.user, public_id=public_id)
    return render(request, "site/job_detail.html", {"row": jobs.describe(job)})


@require("core.view_audit")
def audit_list(request: HttpRequest) -> HttpResponse:
    filters = {
        key: request.GET.get(key, "").strip() for key in ("action", "actor", "content_type", "object_id")
    }
    events = selectors.audit_events(**filters)
    if request.GET.get("format") == "csv":
        return csv_response("panorama-audit-trail.csv", selectors.AUDIT_HEADER, selectors.audit_rows(events))
    return render(request, "site/audit_list.html", {"page": paginate(request, events), "filters": filters})


@require("core.view_audit")
def audit_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    events = AuditEvent.objects.select_related("content_type").defer("snapshot")
    event = get_object_or_404(events, public_id=public_id)
    # A bulk write (audit.record_batch) keeps every row it created in the snapshot: offer them as CSV.
    created = AuditEvent.objects.filter(pk=event.pk, snapshot__has_key="created")
    if request.GET.get("format") == "csv":
        detail = created.values_list("snapshot", flat=True).first()
        if detail is None:
            raise Http404("This event did not create rows in bulk.")
        return csv_response(
            f"{event.action}-{event.at:%Y%m%d-%H%M%S}.csv", detail.get("fields", []), detail["created"]
        )
    return render(request, "site/audit_detail.html", {"event": event, "bulk_created": created.exists()})


@require_POST
@require("core.restore")
def audit_restore(request: HttpRequest, public_id: str) -> HttpResponse:
    event = get_object_or_404(AuditEvent, public_id=public_id)
    try:
        obj = audit.restore(actor=request.user, event=event)
    except (ValueError, DatabaseError) as exc:
        messages.error(request, f"Could not restore {event.object_repr}: {exc}")
        return redirect("site:audit-detail", public_id=event.public_id)
    messages.success(request, f"Restored {obj}.")
    return redirect("site:audit-list")


@require("core.signed_in")
def notifications(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(recipient=request.user)
    return render(request, "site/notifications.html", {"page": paginate(request, items)})


@require_POST
@require("core.signed_in")
def notification_read(request: HttpRequest, public_id: str) -> HttpResponse:
    # Reached through its recipient: nobody can open or mark someone else's notification.
    notification = get_object_or_404(Notification, recipient=request.user, public_id=public_id)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    return redirect(notification.url or "site:notifications")


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": title.lower(), "detail": message}, status=status)
    return render(request, "site/error.html", {"title": title, "message": message}, status=status)


def bad_input(request: HttpRequest, message: str) -> HttpResponse:
    return _error(request, 400, "Bad request", message)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "Access denied", "You do not have permission to do this.")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "Page not found", "If you typed the web address, check it is correct.")


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: whatever broke must not break the error page too.
    if wants_json(request):
        return JsonResponse(
            {"error": "server error", "detail": "Something went wrong. Try again later."}, status=500
        )
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "Your session has expired",
        "The form was open too long or came from another site. Go back, reload the page and try again.",
    )
