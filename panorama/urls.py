from django.urls import include, path

urlpatterns = [
    path("", include("panorama.site.urls")),
    path("", include("panorama.accounts.urls")),
    path("organisations/", include("panorama.organisations.urls")),
]

handler403 = "panorama.site.views.permission_denied"
handler404 = "panorama.site.views.page_not_found"
handler500 = "panorama.site.views.server_error"
