"""Officials type in answers given on paper or in an interview:
/hantera/omgangar/<slug>/enkater/<survey_slug>/papper/."""

from django.urls import path

from . import views

app_name = "surveys_paper"
urlpatterns = [path("", views.paper_entry, name="entry")]
