from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("kinds/", views.kind_index, name="kinds"),
    path("kinds/<slug:kind>/", views.kind_detail, name="kind"),
    path("kinds/<slug:kind>/template.<str:format>", views.kind_template, name="template"),
    path("windows/", views.window_list, name="windows"),
    path("windows/new/", views.window_create, name="window-create"),
    path("windows/<uuid:public_id>/", views.window_detail, name="window"),
    path("windows/<uuid:public_id>/edit/", views.window_edit, name="window-edit"),
    path("windows/<uuid:public_id>/close/", views.window_close, name="window-close"),
    path("windows/<uuid:public_id>/reopen/", views.window_reopen, name="window-reopen"),
    path("overdue/", views.overdue, name="overdue"),
    path("completeness/", views.completeness, name="completeness"),
    path("send/<slug:kind>/<slug:organisation>/<slug:period>/", views.send, name="send"),
    path("send/<slug:kind>/<slug:organisation>/<slug:period>/form/", views.form_entry, name="form"),
    path(
        "send/<slug:kind>/<slug:organisation>/<slug:period>/template.xlsx",
        views.send_template,
        name="send-template",
    ),
    path("import/<slug:kind>/", views.national_import, name="import"),
    path("uploads/<uuid:public_id>/", views.upload_detail, name="upload"),
    path("uploads/<uuid:public_id>/confirm/", views.upload_confirm, name="upload-confirm"),
    path("uploads/<uuid:public_id>/problems.csv", views.upload_problems_csv, name="upload-problems"),
    path("submissions/<uuid:public_id>/", views.submission_detail, name="submission"),
    path("submissions/<uuid:public_id>/rows/", views.submission_rows, name="submission-rows"),
    path("submissions/<uuid:public_id>/submit/", views.submission_submit, name="submission-submit"),
    path("submissions/<uuid:public_id>/accept/", views.submission_accept, name="submission-accept"),
    path("submissions/<uuid:public_id>/return/", views.submission_return, name="submission-return"),
    path("mappings/", views.mapping_list, name="mappings"),
    path("mappings/new/", views.mapping_create, name="mapping-create"),
    path("mappings/<uuid:public_id>/", views.mapping_detail, name="mapping"),
    path("mappings/<uuid:public_id>/delete/", views.mapping_remove, name="mapping-delete"),
]
