from django.urls import path

from . import views

app_name = "prioritisation"

urlpatterns = [
    path("", views.scenario_list, name="list"),
    path("new/", views.scenario_create, name="create"),
    path("compare/", views.scenario_compare, name="compare"),
    path("<uuid:public_id>/", views.scenario_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.scenario_edit, name="edit"),
    path("<uuid:public_id>/run/", views.scenario_run, name="run"),
    path("runs/<uuid:public_id>/adopt/", views.run_adopt, name="adopt"),
    path("runs/<uuid:public_id>/programmes.csv", views.run_csv, name="run-csv"),
]
