from django.urls import path

from . import views_services

app_name = "picture"

urlpatterns = [
    path("services/", views_services.service_list, name="services"),
    path("services/<slug:slug>/", views_services.service_detail, name="service"),
    path("services/<slug:slug>/edit/", views_services.service_edit, name="service-edit"),
]
