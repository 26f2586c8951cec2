from django.urls import path

from . import api

urlpatterns = [
    path("reports", api.reports, name="reports"),
    path("reports/<uuid:public_id>/<str:format>", api.report_file, name="report-file"),
]
