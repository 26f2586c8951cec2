from django.urls import path

from . import api

urlpatterns = [
    path("scenarios", api.scenarios, name="scenarios"),
    path("scenarios/<uuid:public_id>", api.scenario, name="scenario"),
]
