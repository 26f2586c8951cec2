from django.urls import path

from . import api

urlpatterns = [
    path("technologies", api.technologies, name="radar-technologies"),
    path("technologies/stances", api.stances, name="radar-stances"),
]
