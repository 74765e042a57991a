from django.urls import path

from . import views

app_name = "followup_account"
urlpatterns = [
    path("", views.my_proposals, name="my_proposals"),
]
