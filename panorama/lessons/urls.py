from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path("", views.lesson_list, name="list"),
    path("new/", views.lesson_create, name="create"),
    path("moderation/", views.moderation, name="moderation"),
    path("for-programme/<uuid:public_id>/", views.for_programme, name="for-programme"),
    path("assurance/", views.review_list, name="review-list"),
    path("assurance/new/", views.review_create, name="review-create"),
    path("assurance/themes/", views.assurance_themes, name="assurance-themes"),
    path("assurance/<uuid:public_id>/", views.review_detail, name="review-detail"),
    path("assurance/<uuid:public_id>/edit/", views.review_edit, name="review-edit"),
    path("assurance/<uuid:public_id>/recommendations/", views.recommendation_add, name="recommendation-add"),
    path(
        "recommendations/<uuid:public_id>/status/", views.recommendation_status, name="recommendation-status"
    ),
    path("<uuid:public_id>/", views.lesson_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.lesson_edit, name="edit"),
    path("<uuid:public_id>/feedback/", views.lesson_feedback, name="feedback"),
    path("<uuid:public_id>/moderate/", views.lesson_moderate, name="moderate"),
]
