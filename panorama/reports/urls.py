from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("new/", views.prepare, name="prepare"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/read/", views.read, name="read"),
    path("<uuid:public_id>/report.pdf", views.pdf, name="pdf"),
    path("<uuid:public_id>/compare/", views.compare, name="compare"),
    path("<uuid:public_id>/publish/", views.publish, name="publish"),
]
