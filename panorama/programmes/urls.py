from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("network/", views.network, name="network"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("collections/<slug:slug>/counted/", views.collection_counted, name="collection-counted"),
    path("new/", views.programme_create, name="create"),
    path("<uuid:public_id>/", views.programme_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.programme_edit, name="edit"),
    path("<uuid:public_id>/delete/", views.programme_delete, name="delete"),
    path("<uuid:public_id>/updates/new/", views.update_create, name="update-create"),
    path("<uuid:public_id>/rebaselines/new/", views.rebaseline_create, name="rebaseline-create"),
    path("<uuid:public_id>/links/new/", views.link_create, name="link-create"),
    path("<uuid:public_id>/links/<uuid:link_id>/delete/", views.link_delete, name="link-delete"),
]
