from django.urls import path

from . import views

app_name = "organisations"

# A body's own page, organisations:detail, is served by the picture app: see panorama/urls.py.
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
]
