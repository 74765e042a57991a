from django.urls import path

from . import manage_views as views

app_name = "processes_manage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("omgangar/ny/", views.round_create, name="round_create"),
    path("omgangar/<slug:slug>/", views.round_manage, name="round_manage"),
    path("omgangar/<slug:slug>/uppgifter/", views.round_edit, name="round_edit"),
    path("omgangar/<slug:slug>/omraden/", views.areas_edit, name="areas_edit"),
    path("omgangar/<slug:slug>/tidsplan/", views.schedule_edit, name="schedule_edit"),
    path("omgangar/<slug:slug>/tidsplan/oppna-nu/", views.open_voting_now, name="open_voting_now"),
    path("omgangar/<slug:slug>/kategorier/", views.categories_edit, name="categories_edit"),
    path("omgangar/<slug:slug>/publicera/", views.round_publish, name="round_publish"),
    path("omgangar/<slug:slug>/handlaggare/", views.officials_edit, name="officials_edit"),
]
