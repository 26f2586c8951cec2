"""Background jobs: work that can take seconds or more runs in `panorama worker`, never in a request.

A task (`django.tasks`) is queued as a row in the database (django-tasks-db), in the same
transaction as the write that asks for it: no write, no job. `enqueue` also keeps who started it
(`Job`), for the jobs page. Each task's work is one transaction, or idempotent steps, so a worker
killed mid-job (`kill -9`) leaves nothing half-applied; the next worker to start finds the job it
left running (`recover_lost`) and runs it again, up to PANORAMA_TASK_ATTEMPTS in all, then marks it
failed with the reason, on the page.
"""

import datetime
import os
import secrets
import socket
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Min, Q
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import Job


class WorkerLost(Exception):
    """The worker running a job stopped (killed, or its machine lost) before the job finished."""


STATES = {
    TaskResultStatus.READY: "Waiting",
    TaskResultStatus.RUNNING: "Running",
    TaskResultStatus.SUCCESSFUL: "Done",
    TaskResultStatus.FAILED: "Failed",
}


def enqueue(
    task: Task, *, label: str, actor: Any = None, url: str = "", kwargs: dict[str, Any] | None = None
) -> Job:
    """Queue `task` with `kwargs` (JSON values), remembering who asked; in the caller's transaction
    (without a savepoint of its own: if either row fails, the caller's write fails with it)."""
    with transaction.atomic(savepoint=False):
        result = task.enqueue(**(kwargs or {}))
        started_by = actor if getattr(actor, "is_authenticated", False) else None
        return Job.objects.create(task_id=result.id, label=label[:200], started_by=started_by, url=url)


def worker_id() -> str:
    """host:pid:random — the pid lets a worker on the same machine tell a dead one's jobs."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


def _alive_here(wid: str) -> bool | None:
    """True/False for a worker on this machine; None for one elsewhere (unknown)."""
    host, _, rest = wid.partition(":")
    if host != socket.gethostname()[:40]:
        return None
    try:
        pid = int(rest.split(":")[0])
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Recovered:
    retried: int = 0
    failed: int = 0


def recover_lost(*, now: datetime.datetime | None = None) -> Recovered:
    """Jobs left running by a worker that is gone: run again (READY) while attempts remain, else FAILED.
    A worker on this machine is gone when its process is; one elsewhere after PANORAMA_TASK_LOST_SECONDS."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.PANORAMA_TASK_LOST_SECONDS)
    done = Recovered()
    with transaction.atomic():
        for row in DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING
        ):
            last = row.worker_ids[-1] if row.worker_ids else ""
            alive = _alive_here(last)
            if alive or (alive is None and row.started_at and row.started_at > cutoff):
                continue
            attempts = len(row.worker_ids)
            if attempts < settings.PANORAMA_TASK_ATTEMPTS:
                row.status = TaskResultStatus.READY
                row.save(update_fields=["status"])
                done.retried += 1
            else:
                row.status = TaskResultStatus.FAILED
                row.finished_at = now
                row.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                row.traceback = (
                    f"The worker stopped while running this job, {attempts} times; nothing it had not"
                    " finished was kept. Start it again."
                )
                row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                done.failed += 1
    return done


def oldest_waiting_seconds(*, now: datetime.datetime | None = None) -> float:
    """How long the oldest job ready to run has waited (0 when none): the queue's health."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=now)
    )
    oldest = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return max(0.0, (now - oldest).total_seconds()) if oldest else 0.0


def superseded(*, task_path: str, enqueued_at: datetime.datetime) -> bool:
    """Another run of the same task is queued after this one: this one may skip (that one sees more)."""
    return DBTaskResult.objects.filter(
        task_path=task_path, status=TaskResultStatus.READY, enqueued_at__gt=enqueued_at
    ).exists()


@dataclass
class JobView:
    job: Job
    state: str
    attempts: int
    error: str
    result: Any
    finished_at: datetime.datetime | None


def describe(job: Job) -> JobView:
    row = job.task
    error = ""
    if row.status == TaskResultStatus.FAILED:
        lines = [line for line in row.traceback.strip().splitlines() if line.strip()]
        error = lines[-1] if lines else row.exception_class_path
    return JobView(
        job=job,
        state=STATES.get(row.status, row.status),
        attempts=len(row.worker_ids),
        error=error,
        result=row.return_value,
        finished_at=row.finished_at,
    )
