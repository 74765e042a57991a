from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("", views.enter, name="enter"),
    path("<str:code>/", views.link, name="link"),
]
