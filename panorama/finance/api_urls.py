from django.urls import path

from . import api

urlpatterns = [
    path("finance/summary", api.finance_summary, name="finance-summary"),
    path("legacy-systems", api.legacy_systems, name="legacy-systems"),
]
