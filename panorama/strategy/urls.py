from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("", views.strategy_list, name="list"),
    path("new/", views.strategy_create, name="strategy-create"),
    path("commitments/", views.commitment_list, name="commitments"),
    path("commitments/<uuid:public_id>/", views.commitment_detail, name="commitment"),
    path("commitments/<uuid:public_id>/edit/", views.commitment_edit, name="commitment-edit"),
    path("commitments/<uuid:public_id>/measures/new/", views.measure_create, name="measure-create"),
    path("parts/<uuid:public_id>/edit/", views.ambition_edit, name="ambition-edit"),
    path("parts/<uuid:public_id>/commitments/new/", views.commitment_create, name="commitment-create"),
    path("measures/<uuid:public_id>/edit/", views.measure_edit, name="measure-edit"),
    path("measures/<uuid:public_id>/actuals/new/", views.actual_create, name="actual-create"),
    path("<slug:slug>/", views.strategy_detail, name="strategy"),
    path("<slug:slug>/edit/", views.strategy_edit, name="strategy-edit"),
    path("<slug:slug>/parts/new/", views.ambition_create, name="ambition-create"),
]
