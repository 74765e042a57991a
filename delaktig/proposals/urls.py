from django.urls import path

from delaktig.processes import views as placeholder

app_name = "proposals"
urlpatterns = [path("", placeholder.round_detail, name="list")]  # replaced by the proposals app
