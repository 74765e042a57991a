from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.process_surveys, name="process_surveys"),
    path("<slug:survey_slug>/", views.answer, name="answer"),
    path("<slug:survey_slug>/tack/", views.sent, name="sent"),
    path("<slug:survey_slug>/aterkoppling/", views.follow_up, name="follow_up"),
    path("<slug:survey_slug>/forhandsgranska/", views.preview, name="preview"),
]
