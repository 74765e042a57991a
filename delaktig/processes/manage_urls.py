from django.urls import path

from . import manage_views

app_name = "processes_manage"
urlpatterns = [
    path("", manage_views.dashboard, name="dashboard"),
    path("omgangar/ny/", manage_views.dashboard, name="round_create"),
    path("omgangar/<slug:slug>/", manage_views.dashboard, name="round_manage"),
]
