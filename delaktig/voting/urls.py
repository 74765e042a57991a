from django.urls import path

from delaktig.processes import views as placeholder

app_name = "voting"
urlpatterns = [path("", placeholder.round_detail, name="ballot")]  # replaced by the voting app
