from django.urls import path

from . import api

urlpatterns = [
    path("organisations", api.organisations, name="organisations"),
]
