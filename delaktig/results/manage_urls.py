from django.urls import path

from . import manage_views as views

app_name = "results_manage"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("rakna/<int:box_id>/", views.count_box, name="count"),
    path("jamfor/<int:box_id>/", views.compare, name="compare"),
    path("rakning/<int:run_id>/", views.run_detail, name="run"),
    path("publicera/", views.publish, name="publish"),
]
