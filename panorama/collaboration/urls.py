from django.urls import path

from . import views
from .views import challenges, forums, overlaps, platforms

app_name = "collaboration"

urlpatterns = [
    path("", views.index, name="index"),
    # Forums
    path("forums/", forums.forum_list, name="forum-list"),
    path("forums/new/", forums.forum_create, name="forum-create"),
    path("forums/commitments/", forums.forum_commitments, name="forum-commitments"),
    path("forums/<slug:slug>/", forums.forum_detail, name="forum-detail"),
    path("forums/<slug:slug>/edit/", forums.forum_edit, name="forum-edit"),
    path("forums/<slug:slug>/members/add/", forums.forum_member_add, name="forum-member-add"),
    path(
        "forums/<slug:slug>/members/<uuid:public_id>/remove/",
        forums.forum_member_remove,
        name="forum-member-remove",
    ),
    path("forums/<slug:slug>/meetings/new/", forums.meeting_create, name="meeting-create"),
    path("forums/<slug:slug>/actions/new/", forums.action_create, name="action-create"),
    path("forums/<slug:slug>/discussions/", forums.thread_list, name="thread-list"),
    path("meetings/<uuid:public_id>/", forums.meeting_detail, name="meeting-detail"),
    path("meetings/<uuid:public_id>/edit/", forums.meeting_edit, name="meeting-edit"),
    path("meetings/<uuid:public_id>/papers/", forums.paper_add, name="paper-add"),
    path("meetings/<uuid:public_id>/decisions/", forums.decision_add, name="decision-add"),
    path("actions/<uuid:public_id>/", forums.action_edit, name="action-edit"),
    path("commitments/<uuid:public_id>/", forums.commitment_forums, name="commitment-forums"),
    path("discussions/<uuid:public_id>/", forums.thread_detail, name="thread-detail"),
    path("posts/<uuid:public_id>/hide/", forums.post_hide, name="post-hide"),
    path("posts/<uuid:public_id>/unhide/", forums.post_unhide, name="post-unhide"),
    # Innovation challenges
    path("challenges/", challenges.challenge_list, name="challenge-list"),
    path("challenges/new/", challenges.challenge_create, name="challenge-create"),
    path("challenges/rounds/new/", challenges.round_create, name="round-create"),
    path("challenges/rounds/<slug:slug>/", challenges.round_detail, name="round-detail"),
    path("challenges/applications/", challenges.my_applications, name="my-applications"),
    path(
        "challenges/applications/<uuid:public_id>/", challenges.application_detail, name="application-detail"
    ),
    path(
        "challenges/applications/<uuid:public_id>/advance/",
        challenges.application_advance,
        name="application-advance",
    ),
    path("challenges/<uuid:public_id>/", challenges.challenge_detail, name="challenge-detail"),
    path("challenges/<uuid:public_id>/edit/", challenges.challenge_edit, name="challenge-edit"),
    path("challenges/<uuid:public_id>/stage/", challenges.challenge_stage, name="challenge-stage"),
    path("challenges/<uuid:public_id>/apply/", challenges.application_create, name="application-create"),
    # Shared platforms, and each body's systems and licences
    path("platforms/", platforms.platform_list, name="platform-list"),
    path("platforms/adoptions/<uuid:public_id>/remove/", platforms.adoption_remove, name="adoption-remove"),
    path("platforms/<slug:slug>/", platforms.platform_detail, name="platform-detail"),
    path("platforms/<slug:slug>/adopt/", platforms.adoption_add, name="adoption-add"),
    path("catalogue/<slug:slug>/", platforms.catalogue, name="catalogue"),
    path("catalogue/<slug:slug>/licences/new/", platforms.licence_create, name="licence-create"),
    path("licences/<uuid:public_id>/", platforms.licence_edit, name="licence-edit"),
    path("licences/<uuid:public_id>/delete/", platforms.licence_delete, name="licence-delete"),
    # The overlap finder
    path("overlaps/", overlaps.overlap_list, name="overlap-list"),
    path("overlaps/recompute/", overlaps.overlap_recompute, name="overlap-recompute"),
    path("overlaps/<uuid:public_id>/", overlaps.overlap_detail, name="overlap-detail"),
    path("overlaps/<uuid:public_id>/decide/", overlaps.overlap_decide, name="overlap-decide"),
]
