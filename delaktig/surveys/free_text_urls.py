"""Officials' free-text and export pages of a survey:
/hantera/omgangar/<slug>/enkater/<survey_slug>/fritext/… and …/export/…"""

from django.urls import path

from . import free_text_views as views

app_name = "surveys_free_text"
urlpatterns = [
    path("fritext/", views.free_text_index, name="index"),
    path("fritext/fraga/<int:question_id>/", views.question_answers, name="question"),
    path("fritext/fraga/<int:question_id>/tagga/", views.tag_results, name="tag_results"),
    path("fritext/svar/<uuid:answer_id>/teman/", views.tag_answer, name="tag_answer"),
    path("fritext/svar/<uuid:answer_id>/citat/", views.pick_quote, name="pick_quote"),
    path("fritext/teman/", views.theme_list, name="themes"),
    path("fritext/teman/<int:pk>/", views.theme_edit, name="theme"),
    path("fritext/teman/<int:pk>/ta-bort/", views.theme_delete, name="theme_delete"),
    path("fritext/citat/", views.quote_list, name="quotes"),
    path("fritext/citat/<int:pk>/", views.quote_edit, name="quote"),
    path("fritext/citat/<int:pk>/ta-bort/", views.quote_delete, name="quote_delete"),
    path("export/", views.export_answers, name="export_answers"),
    path("export/<int:pk>/", views.export_status, name="export"),
    path("export/<int:pk>/ladda-ner/", views.export_download, name="export_download"),
]
