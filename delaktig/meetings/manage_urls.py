from django.urls import path

from . import manage_views

app_name = "meetings_manage"
urlpatterns = [
    path("", manage_views.meeting_list, name="list"),
    path("nytt/", manage_views.create, name="create"),
    path("<slug:slug>/", manage_views.detail, name="detail"),
    path("<slug:slug>/andra/", manage_views.edit, name="edit"),
    path("<slug:slug>/publicera/", manage_views.publish, name="publish"),
    path("<slug:slug>/stall-in/", manage_views.cancel, name="cancel"),
    path("<slug:slug>/bjud-in/", manage_views.invite, name="invite"),
    path("<slug:slug>/bjud-in/person/", manage_views.invite_person, name="invite_person"),
    path("<slug:slug>/narvaro/", manage_views.attendance, name="attendance"),
    path("<slug:slug>/anteckningar/", manage_views.notes, name="notes"),
    path("<slug:slug>/bilder/", manage_views.photos, name="photos"),
    path(
        "<slug:slug>/bilder/<int:photo_id>/ta-bort/", manage_views.photo_remove, name="photo_remove"
    ),
]
