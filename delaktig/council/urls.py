from django.urls import path

from . import views

app_name = "council"
urlpatterns = [
    path("fortroendevald/", views.start, name="start"),
    path("rapporter/omgangar/<slug:slug>/", views.round_page, name="round"),
    path("rapporter/omgangar/<slug:slug>/gor-rapport/", views.make_report, name="make"),
    path(
        "rapporter/omgangar/<slug:slug>/rapport-<int:number>.pdf",
        views.download,
        name="download",
    ),
    path(
        "rapporter/omgangar/<slug:slug>/rapport-<int:number>/publicera/",
        views.publish,
        name="publish",
    ),
    path(
        "omgangar/<slug:slug>/rapport-till-fullmaktige.pdf",
        views.public_download,
        name="public_pdf",
    ),
]
