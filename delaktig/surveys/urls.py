from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.process_surveys, name="process_surveys"),
]
