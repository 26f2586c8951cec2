"""/api/v1/: each app's endpoints live in its own `api.py` and `api_urls.py`, included here."""

from django.urls import include, path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("docs", views.docs, name="docs"),
    path("openapi.json", views.openapi_json, name="openapi"),
    path("", include("panorama.organisations.api_urls")),
    path("", include("panorama.strategy.api_urls")),
    path("", include("panorama.programmes.api_urls")),
    path("", include("panorama.returns.api_urls")),
    path("", include("panorama.finance.api_urls")),
    path("", include("panorama.skills.api_urls")),
    path("", include("panorama.lessons.api_urls")),
    path("", include("panorama.collaboration.api_urls")),
    path("", include("panorama.radar.api_urls")),
    path("", include("panorama.picture.api_urls")),
    path("", include("panorama.prioritisation.api_urls")),
    path("", include("panorama.reports.api_urls")),
    # Last, so it answers only what no endpoint does.
    re_path(r"^(?P<rest>.+)/$", views.trailing_slash, name="trailing-slash"),
]
