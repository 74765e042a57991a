from django.urls import path

from . import manage_views

app_name = "assessments_manage"
urlpatterns = [
    path("", manage_views.assessment_queue, name="list"),
    path("publicera/", manage_views.assessments_publish, name="publish"),
    path("forslag/<int:pk>/", manage_views.assessment_edit, name="assess"),
    path("forslag/<int:pk>/sla-ihop/", manage_views.proposal_merge, name="merge"),
]
