from django.urls import path

from . import api

urlpatterns = [
    path("programmes", api.programmes, name="programmes"),
    path("programmes/<uuid:public_id>", api.programme, name="programme"),
]
