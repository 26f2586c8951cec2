from django.urls import path

from . import views

app_name = "radar"

urlpatterns = [
    path("", views.index, name="index"),
    path("technologies/new/", views.technology_create, name="technology-create"),
    path("technologies/<slug:slug>/", views.technology, name="technology"),
    path("technologies/<slug:slug>/edit/", views.technology_edit, name="technology-edit"),
    path("technologies/<slug:slug>/ask/", views.ask, name="ask"),
    path("questions/<uuid:public_id>/answer/", views.answer, name="answer"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("bodies/<slug:slug>/<slug:technology>/", views.stance, name="stance"),
]
