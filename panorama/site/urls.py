from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<uuid:public_id>/", views.job_detail, name="job"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<uuid:public_id>/read/", views.notification_read, name="notification-read"),
    path("audit/", views.audit_list, name="audit-list"),
    path("audit/<uuid:public_id>/", views.audit_detail, name="audit-detail"),
    path("audit/<uuid:public_id>/restore/", views.audit_restore, name="audit-restore"),
]
