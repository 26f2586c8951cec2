"""A task for the worker tests: writes a row in one transaction, slowly on its first attempt, so a
test can kill the worker while the write is uncommitted."""

import time

from django.db import transaction
from django.tasks import TaskContext, task


@task(takes_context=True)
def slow_write(context: TaskContext, slug: str, seconds: float) -> str:
    from panorama.organisations.models import Organisation

    with transaction.atomic():
        Organisation.objects.create(
            slug=slug, short_name=slug, name=slug, sector="central government", kind="agency"
        )
        if context.attempt <= 1:
            time.sleep(seconds)
    return slug
