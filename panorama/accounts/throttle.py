"""Sign-in throttling, in two parts.

- django-axes locks an account *from one address*: after PANORAMA_LOCKOUT_FAILURES wrong passwords
  for an email from an address, that email is refused from that address for PANORAMA_LOCKOUT_MINUTES.
  Someone guessing from elsewhere cannot lock the real person out.
- Here, an address that has failed PANORAMA_SIGN_IN_ADDRESS_LIMIT times in that period, for any
  emails, is refused before any password is hashed: a flood of guesses from one address costs it
  a database count, and slows only that address.

Behind a proxy, the address is the one the nearest of PANORAMA_TRUSTED_PROXIES saw
(X-Forwarded-For, counted from the right), never a value the client could have written itself.
"""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PANORAMA_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()
    ]
    # Each trusted proxy appends the address it was reached from; the client wrote anything left of those.
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def address_failures(*, address: str) -> int:
    since = timezone.now() - timedelta(minutes=settings.PANORAMA_LOCKOUT_MINUTES)
    failures = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return failures or 0


def address_throttled(request: HttpRequest) -> bool:
    address = get_client_ip_address(request)
    return bool(address) and address_failures(address=address) >= settings.PANORAMA_SIGN_IN_ADDRESS_LIMIT
