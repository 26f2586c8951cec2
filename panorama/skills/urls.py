from django.urls import path

from . import views

app_name = "skills"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("gaps/", views.gaps, name="gaps"),
    path("shortages/", views.shortages, name="shortages"),
    path("demand/", views.demand, name="demand"),
    path("staffing/", views.staffing, name="staffing"),
    path("trend/", views.trend, name="trend"),
    path("contractors/", views.contractors, name="contractors"),
    path("roles/", views.roles, name="roles"),
    path("roles/families/new/", views.family_create, name="family-create"),
    path("roles/new/", views.role_create, name="role-create"),
    path("roles/<slug:slug>/edit/", views.role_edit, name="role-edit"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("needs/", views.needs, name="needs"),
    path("programmes/<uuid:public_id>/", views.programme_needs, name="programme-needs"),
    path("programmes/<uuid:public_id>/needs/new/", views.need_create, name="need-create"),
    path("needs/<uuid:public_id>/edit/", views.need_edit, name="need-edit"),
    path("needs/<uuid:public_id>/delete/", views.need_delete, name="need-delete"),
    path("initiatives/", views.initiatives, name="initiatives"),
    path("initiatives/new/", views.initiative_create, name="initiative-create"),
    path("initiatives/<uuid:public_id>/", views.initiative, name="initiative"),
    path("initiatives/<uuid:public_id>/edit/", views.initiative_edit, name="initiative-edit"),
    path("initiatives/<uuid:public_id>/targets/", views.target_set, name="target-set"),
    path("targets/<uuid:public_id>/delete/", views.target_delete, name="target-delete"),
]
