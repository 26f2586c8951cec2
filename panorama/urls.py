from django.urls import include, path

urlpatterns = [
    path("", include("panorama.site.urls")),
    path("", include("panorama.accounts.urls")),
    path("organisations/", include("panorama.organisations.urls")),
    path("strategy/", include("panorama.strategy.urls")),
    path("programmes/", include("panorama.programmes.urls")),
    path("returns/", include("panorama.returns.urls")),
    path("investment/", include("panorama.finance.urls")),
    path("skills/", include("panorama.skills.urls")),
    path("lessons/", include("panorama.lessons.urls")),
    path("collaboration/", include("panorama.collaboration.urls")),
    path("picture/", include("panorama.picture.urls")),
    path("open-data/", include("panorama.picture.open_data_urls")),
    path("api/v1/", include("panorama.api.urls")),
]

handler403 = "panorama.site.views.permission_denied"
handler404 = "panorama.site.views.page_not_found"
handler500 = "panorama.site.views.server_error"
