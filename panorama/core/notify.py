"""Tell people something, in the app and by email, once.

`notify(recipients=..., may_see=..., key=..., subject=..., body=..., url=...)` creates one
Notification per recipient unless that recipient already has one with the same key (so a repeated
trigger, a re-run command or a retried request never notifies twice), and emails the new ones.

`may_see(person)` is required: it asks, as the notification is sent, whether the reader may still see
the object it is about (a removed forum member no longer may), since a notification carries the
object's title and often its text. Pass `PUBLIC` only for an object everyone may read.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification

logger = logging.getLogger(__name__)


def PUBLIC(person: Any) -> bool:
    return True


def notify(
    *,
    recipients: Iterable[Any],
    may_see: Callable[[Any], bool],
    key: str,
    subject: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    key = key[:200]
    people = [
        person
        for person in {
            r.pk: r for r in recipients if r is not None and getattr(r, "is_active", True)
        }.values()
        if may_see(person)
    ]
    if not people:
        return []
    # Who has it already, and the rest's notifications, in one statement each whatever their number.
    told = set(
        Notification.objects.filter(recipient__in=people, key=key).values_list("recipient_id", flat=True)
    )
    new = [
        Notification(recipient=person, key=key, subject=subject[:200], body=body, url=url)
        for person in people
        if person.pk not in told
    ]
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(new)
    except IntegrityError:  # a concurrent trigger got there first for one of them: one at a time
        created = []
        for notification in new:
            try:
                with transaction.atomic():
                    notification.save()
            except IntegrityError:
                continue
            created.append(notification)
    if email:
        emailed = []
        for notification in created:
            person = notification.recipient
            if person.email:
                link = f"\n\n{settings.PANORAMA_BASE_URL.rstrip('/')}{url}" if url else ""
                send_mail(
                    subject=f"Panorama: {subject}",
                    message=f"{body}{link}",
                    from_email=None,
                    recipient_list=[person.email],
                    fail_silently=True,
                )
                emailed.append(notification.pk)
        if emailed:
            Notification.objects.filter(pk__in=emailed).update(emailed=True)
    return created


def unread_count(person: Any) -> int:
    if not getattr(person, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()
