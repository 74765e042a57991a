from django.urls import path

from . import manage_views

app_name = "voting_manage"
urlpatterns = [
    path("", manage_views.box_list, name="index"),
    path("skapa/", manage_views.create_boxes, name="create"),
    path("<int:box_id>/", manage_views.box_design, name="box"),
    path("<int:box_id>/fyll/", manage_views.fill, name="fill"),
]
