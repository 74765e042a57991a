from django.urls import path

from . import manage_views as views

app_name = "surveys_manage"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("ny/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_manage, name="survey"),
    path("<int:pk>/installningar/", views.survey_edit, name="edit"),
    path("<int:pk>/publicera/", views.survey_publish, name="publish"),
    path("<int:pk>/avpublicera/", views.survey_unpublish, name="unpublish"),
    path("<int:pk>/avsnitt/nytt/", views.section_add, name="section_add"),
    path("<int:pk>/avsnitt/<int:section_pk>/", views.section_edit, name="section_edit"),
    path("<int:pk>/avsnitt/<int:section_pk>/flytta/", views.section_move, name="section_move"),
    path("<int:pk>/avsnitt/<int:section_pk>/ta-bort/", views.section_delete, name="section_delete"),
    path("<int:pk>/fragor/ny/", views.question_add, name="question_add"),
    path("<int:pk>/fragor/<int:question_pk>/", views.question_edit, name="question_edit"),
    path("<int:pk>/fragor/<int:question_pk>/flytta/", views.question_move, name="question_move"),
    path(
        "<int:pk>/fragor/<int:question_pk>/ta-bort/",
        views.question_delete,
        name="question_delete",
    ),
]
