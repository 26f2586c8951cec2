from django.urls import path

from . import api

urlpatterns = [
    path("picture", api.picture, name="picture"),
    path("picture/commitments", api.picture_commitments, name="picture-commitments"),
    path("picture/programmes", api.picture_programmes, name="picture-programmes"),
    path("picture/bodies", api.picture_bodies, name="picture-bodies"),
    path("picture/money", api.picture_money, name="picture-money"),
    path("picture/records/<slug:name>", api.picture_records, name="picture-records"),
    path("services", api.services, name="services"),
    path("services/<slug:reference>", api.service, name="service"),
]
