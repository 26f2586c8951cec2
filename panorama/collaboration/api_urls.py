from django.urls import path

from . import api

urlpatterns = [
    path("forums", api.forums, name="collaboration-forums"),
    path("challenges", api.challenges, name="collaboration-challenges"),
    path("platforms", api.platforms, name="collaboration-platforms"),
    path("overlaps", api.overlaps, name="collaboration-overlaps"),
]
