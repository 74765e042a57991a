from django.urls import path

from . import views

app_name = "processes"
urlpatterns = [
    path("<slug:slug>/", views.round_detail, name="round_detail"),
]
