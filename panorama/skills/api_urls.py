from django.urls import path

from . import api

urlpatterns = [
    path("skills/summary", api.skills_summary, name="skills-summary"),
]
