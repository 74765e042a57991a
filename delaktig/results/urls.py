from django.urls import path

from delaktig.processes import views as placeholder

app_name = "results"
urlpatterns = [path("", placeholder.round_detail, name="detail")]  # replaced by the results app
