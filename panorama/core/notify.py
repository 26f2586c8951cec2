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
    created = []
    for person in {r.pk: r for r in recipients if r is not None and getattr(r, "is_active", True)}.values():
        if not may_see(person):
            continue
        if Notification.objects.filter(recipient=person, key=key).exists():
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=person, key=key[:200], subject=subject[:200], body=body, url=url
                )
        except IntegrityError:
            continue  # a concurrent trigger got there first
        created.append(notification)
        if email and person.email:
            link = f"\n\n{settings.PANORAMA_BASE_URL.rstrip('/')}{url}" if url else ""
            send_mail(
                subject=f"Panorama: {subject}",
                message=f"{body}{link}",
                from_email=None,
                recipient_list=[person.email],
                fail_silently=True,
            )
            Notification.objects.filter(pk=notification.pk).update(emailed=True)
    return created


def unread_count(person: Any) -> int:
    if not getattr(person, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()
