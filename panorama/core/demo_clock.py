"""The demo's "today": one date every demo step builds its timeline from.

It is the day the demo is loaded, unless PANORAMA_DEMO_TODAY (an ISO date) fixes another, so that
the pages, which read the real clock, and the data agree: quarters and years before it are complete
(their returns sent and accepted, a named few late or missing), the one it falls in is partly in,
and later ones are forecasts. `panorama demo` prints it.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def demo_today() -> datetime.date:
    fixed = (getattr(settings, "PANORAMA_DEMO_TODAY", "") or "").strip()
    if fixed:
        try:
            return datetime.date.fromisoformat(fixed)
        except ValueError as exc:
            raise ValueError(f"PANORAMA_DEMO_TODAY must be a date like 2026-12-07, not {fixed!r}") from exc
    return timezone.localdate()


def working_day(day: datetime.date, *, forward: bool = True) -> datetime.date:
    """The day itself if it is Monday to Friday, else the nearest working day after (or before) it."""
    step = datetime.timedelta(days=1 if forward else -1)
    while day.weekday() >= 5:
        day += step
    return day
