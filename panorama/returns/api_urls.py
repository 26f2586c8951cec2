from django.urls import path

from . import api

urlpatterns = [
    path("returns/kinds", api.kinds, name="returns-kinds"),
    path("returns/windows", api.windows, name="returns-windows"),
    path("returns/completeness", api.completeness, name="returns-completeness"),
    path("returns/<slug:kind>", api.national_upload, name="returns-import"),
    path("returns/<slug:kind>/<slug:organisation>/<slug:period>", api.upload, name="returns-upload"),
]
