from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:pk>/", views.project_detail, name="project"),
]
