"""Signals of the programme register, for apps that follow it without it knowing them."""

from django.dispatch import Signal

# Sent inside the transaction of a bulk write of quarterly reports (a progress return), which sends
# no post_save per row; `programme_ids` names every programme a report was written for. The lessons
# app queues its push check on it, as it does on a single update's post_save.
progress_written = Signal()
