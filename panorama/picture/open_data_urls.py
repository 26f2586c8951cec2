from django.urls import path

from . import views_open_data

app_name = "open_data"

urlpatterns = [
    path("", views_open_data.index, name="index"),
    path("regenerate/", views_open_data.regenerate, name="regenerate"),
    path("<str:name>", views_open_data.download, name="file"),
]
