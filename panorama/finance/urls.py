from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("bodies/<slug:slug>/legacy/new/", views.legacy_create, name="legacy-create"),
    path("funding/", views.funding, name="funding"),
    path("funding/rephase/", views.funding_rephase, name="funding-rephase"),
    path("funding/<uuid:public_id>/", views.funding_edit, name="funding-edit"),
    path("overruns/", views.overruns, name="overruns"),
    path("legacy/", views.legacy_list, name="legacy-list"),
    path("legacy/cliff/", views.legacy_cliff, name="legacy-cliff"),
    path("legacy/<uuid:public_id>/", views.legacy_detail, name="legacy-detail"),
    path("legacy/<uuid:public_id>/edit/", views.legacy_edit, name="legacy-edit"),
    path("legacy/<uuid:public_id>/delete/", views.legacy_delete, name="legacy-delete"),
]
