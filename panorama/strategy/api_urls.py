from django.urls import path

from . import api

urlpatterns = [
    path("commitments", api.commitments, name="commitments"),
]
