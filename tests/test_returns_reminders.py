"""`panorama send_return_reminders`: reminders before the due date and once when overdue, never
the same reminder twice, and none for bodies that have submitted."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from panorama.core.models import Notification
from panorama.core.periods import period_from_label
from panorama.returns.models import ReturnWindow, Submission, WindowStatus
from panorama.returns.workflow import reminders_send

DUE = datetime.date(2026, 1, 31)


@pytest.fixture
def window(world, settings):
    settings.PANORAMA_RETURNS_REMINDER_DAYS = [14, 3]
    window = ReturnWindow.objects.create(kind="progress", period=period_from_label("2025-26 Q3"), due_on=DUE)
    window.expected.set([world.body_a, world.body_b])
    return window


def test_nothing_is_sent_before_the_first_reminder_day(window):
    assert reminders_send(today=DUE - datetime.timedelta(days=20)).reminders == 0
    assert not mail.outbox


def test_each_reminder_goes_once_to_each_editor(window, world):
    first = reminders_send(today=DUE - datetime.timedelta(days=14))
    assert (first.bodies, first.reminders) == (2, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@a.test", "editor@b.test"]
    assert mail.outbox[0].subject.startswith("Panorama: Due 31 January 2026:")
    again = reminders_send(today=DUE - datetime.timedelta(days=13))  # the same stage: nothing new
    assert again.reminders == 0 and len(mail.outbox) == 2
    reminders_send(today=DUE - datetime.timedelta(days=3))
    reminders_send(today=DUE - datetime.timedelta(days=3))
    assert len(mail.outbox) == 4
    reminders_send(today=DUE + datetime.timedelta(days=1))
    reminders_send(today=DUE + datetime.timedelta(days=8))
    overdue = [m for m in mail.outbox if m.subject.startswith("Panorama: Overdue")]
    assert len(overdue) == 2
    assert Notification.objects.filter(recipient=world.editor_a).count() == 3
    assert not Notification.objects.filter(recipient=world.viewer_a).exists()


def test_bodies_that_have_submitted_are_not_reminded(window, world):
    Submission.objects.create(
        organisation=world.body_a, kind="progress", period=window.period, status="submitted"
    )
    reminders_send(today=DUE + datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [["editor@b.test"]]


def test_closed_windows_send_nothing(window):
    window.status = WindowStatus.CLOSED
    window.save()
    assert reminders_send(today=DUE + datetime.timedelta(days=1)).reminders == 0


def test_the_command_reports_what_it_sent_and_refuses_a_bad_date(window, capsys):
    call_command("send_return_reminders", "--today", "2026-02-01")
    assert "Sent 2 reminder(s) to the editors of 2 body(ies)." in capsys.readouterr().out
    call_command("send_return_reminders", "--today", "2026-02-01")
    assert "Sent 0 reminder(s)" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a date like 2026-01-31"):
        call_command("send_return_reminders", "--today", "31/01/2026")
