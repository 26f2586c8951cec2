from django.urls import include, path

from panorama.organisations import urls as organisations_urls
from panorama.picture import views as picture_views

# A body has one page, /organisations/<slug>/ (organisations:detail): who it is and its whole
# picture, with links to everything about it. The picture app composes that page from every other
# app; organisations sits below them all and may not import the picture. So this map, which
# composes the apps anyway, serves the organisations namespace's detail with the picture's view.
organisations = (
    [*organisations_urls.urlpatterns, path("<slug:slug>/", picture_views.body, name="detail")],
    "organisations",
)

urlpatterns = [
    path("", include("panorama.site.urls")),
    path("", include("panorama.accounts.urls")),
    path("organisations/", include(organisations)),
    path("strategy/", include("panorama.strategy.urls")),
    path("programmes/", include("panorama.programmes.urls")),
    path("returns/", include("panorama.returns.urls")),
    path("investment/", include("panorama.finance.urls")),
    path("skills/", include("panorama.skills.urls")),
    path("lessons/", include("panorama.lessons.urls")),
    path("collaboration/", include("panorama.collaboration.urls")),
    path("radar/", include("panorama.radar.urls")),
    path("picture/", include("panorama.picture.urls")),
    path("prioritise/", include("panorama.prioritisation.urls")),
    path("reports/", include("panorama.reports.urls")),
    path("open-data/", include("panorama.picture.open_data_urls")),
    path("api/v1/", include("panorama.api.urls")),
]

handler403 = "panorama.site.views.permission_denied"
handler404 = "panorama.site.views.page_not_found"
handler500 = "panorama.site.views.server_error"
