from django.urls import path

from . import api

urlpatterns = [
    path("lessons", api.lessons, name="lessons"),
    path("lessons/for-programme/<uuid:public_id>", api.programme_lessons, name="lessons-for-programme"),
    path("assurance/themes", api.assurance_themes, name="assurance-themes"),
]
