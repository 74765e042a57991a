from django.urls import path

from . import views

app_name = "voting"
urlpatterns = [
    path("", views.ballot, name="ballot"),
    path("<int:box_id>/", views.box, name="box"),
]
