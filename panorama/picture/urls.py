from django.urls import path

from . import views, views_services

app_name = "picture"

urlpatterns = [
    path("", views.picture, name="dashboard"),
    path("figures/", views.figure_index, name="figures"),
    path("figures/<str:key>/", views.figure_detail, name="figure"),
    path("lists/<slug:name>/", views.figure_list, name="list"),
    path("charts/<slug:name>.csv", views.chart_csv, name="chart"),
    path("bodies/<slug:slug>/", views.body_moved, name="body"),
    path("services/", views_services.service_list, name="services"),
    path("services/<slug:slug>/", views_services.service_detail, name="service"),
    path("services/<slug:slug>/edit/", views_services.service_edit, name="service-edit"),
]
