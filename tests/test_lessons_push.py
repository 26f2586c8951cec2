"""Lessons are pushed to a programme when it is registered, changes phase, or its confidence falls
to amber/red or red — once per event, to its body's editors, by email and in the app."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from panorama.core.models import Notification
from panorama.lessons.models import LessonPush, PushTrigger
from panorama.programmes.models import ProgressUpdate
from tests.lessons_helpers import make_lesson, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons(world):
    return [
        make_lesson("Replacing records systems with one contract", "Replace the records systems in stages."),
        make_lesson(
            "Telephony go-live", "Go live region by region with the telephony.", themes=("planning",)
        ),
    ]


def register(world, commit, **fields):
    with commit(execute=True):
        return make_programme(
            world.body_a, "Replace the records systems", "Replace legacy records.", **fields
        )


def test_registering_a_programme_pushes_lessons_to_its_editors_once(
    world, lessons, django_capture_on_commit_callbacks
):
    programme = register(world, django_capture_on_commit_callbacks)
    push = LessonPush.objects.get(programme=programme)
    assert push.trigger == PushTrigger.REGISTERED
    assert push.items.first().lesson == lessons[0]
    notices = Notification.objects.filter(key__startswith=f"lessons.push.{programme.public_id}")
    assert [n.recipient for n in notices] == [world.editor_a]
    assert len(mail.outbox) == 1 and "Replacing records systems" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        programme.summary = "Replace legacy records, carefully."
        programme.save()
    assert LessonPush.objects.filter(programme=programme).count() == 1
    assert Notification.objects.filter(key__startswith=f"lessons.push.{programme.public_id}").count() == 1


def test_phase_change_pushes_again_but_only_once(world, lessons, django_capture_on_commit_callbacks):
    programme = register(world, django_capture_on_commit_callbacks)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            programme.phase = "alpha"
            programme.save()
    assert list(LessonPush.objects.filter(programme=programme).values_list("trigger", "detail")) == [
        ("phase", "alpha"),
        ("registered", "discovery"),
    ]


def test_confidence_falling_to_red_pushes_but_a_rise_does_not(
    world, lessons, django_capture_on_commit_callbacks
):
    programme = register(world, django_capture_on_commit_callbacks, confidence="amber")
    for confidence in ["green", "amber-red", "amber-red", "red", "amber", "red"]:
        with django_capture_on_commit_callbacks(execute=True):
            programme.confidence = confidence
            programme.save()
    triggers = list(
        LessonPush.objects.filter(programme=programme).order_by("id").values_list("trigger", "detail")
    )
    assert triggers == [
        ("registered", "discovery"),
        ("confidence", "amber-red"),
        ("confidence", "red"),
        ("confidence", "red"),  # it recovered to amber, then fell again
    ]
    # but the team is not told twice about falling to red: the notification's key is the same
    keys = Notification.objects.filter(recipient=world.editor_a).values_list("key", flat=True)
    assert len(keys) == len(set(keys)) == 3


def test_a_progress_update_saved_after_the_programme_triggers_the_check(
    world, lessons, django_capture_on_commit_callbacks
):
    from panorama.core.periods import period_for_date

    programme = register(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        type(programme).objects.filter(pk=programme.pk).update(confidence="red")  # no post_save
        ProgressUpdate.objects.create(
            programme=programme, period=period_for_date(datetime.date(2025, 7, 1)), confidence="red"
        )
    assert LessonPush.objects.filter(programme=programme, trigger="confidence").count() == 1


def test_programme_registered_before_any_lessons_is_pushed_by_the_backfill(
    world, django_capture_on_commit_callbacks
):
    programme = register(world, django_capture_on_commit_callbacks)
    assert not LessonPush.objects.exists()
    make_lesson("Replacing records systems with one contract", "Replace the records systems in stages.")
    call_command("push_lessons", verbosity=0)
    call_command("push_lessons", verbosity=0)
    assert LessonPush.objects.filter(programme=programme).count() == 1
