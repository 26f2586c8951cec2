"""The radar demo tells the issue's story, and tells it once."""

import datetime
import os

import pytest
from django.contrib.auth.models import AnonymousUser

from panorama.accounts import demo as accounts_demo
from panorama.core import catalogue
from panorama.organisations import demo as organisations_demo
from panorama.radar import demo, selectors
from panorama.radar.models import BodyStance, Question, Technology


@pytest.mark.django_db
def test_demo_shows_genai_trialled_by_six_on_hold_in_two_and_a_question_answered_once():
    out = open(os.devnull, "w")
    organisations_demo.load(scale="demo", stdout=out)
    accounts_demo.load(scale="demo", stdout=out)
    demo.load(scale="demo", stdout=out)
    counts = (Technology.objects.count(), BodyStance.objects.count(), Question.objects.count())
    demo.load(scale="demo", stdout=out)
    assert (Technology.objects.count(), BodyStance.objects.count(), Question.objects.count()) == counts
    scope = catalogue.scope_for("")
    blips = {b.technology.slug: b for b in selectors.radar(user=AnonymousUser(), as_of=scope.as_of)}
    genai = blips["generative-ai-assistants"]
    assert (genai.counts["trialling"], genai.counts["on hold"]) == (6, 2)
    assert genai.technology.lessons.count() == 3
    question = Question.objects.get()
    assert question.organisation.sector == "local government"
    [answer] = question.answers.all()
    assert (
        BodyStance.objects.get(organisation=answer.organisation, technology=genai.technology).stance
        == "adopted"
    )
    # The analyst's view of the quarter: generative AI assistants moved from assess to trial.
    before = scope.start - datetime.timedelta(days=1)
    moved = {b.technology.slug: b for b in selectors.radar(user=None, as_of=scope.as_of, since=before)}
    assert (moved["generative-ai-assistants"].previous_ring, moved["generative-ai-assistants"].ring) == (
        "assess",
        "trial",
    )
    assert catalogue.read(["radar.moved"], scope=scope, reader=AnonymousUser())["radar.moved"].value >= 2
