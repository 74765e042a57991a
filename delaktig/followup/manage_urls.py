from django.urls import path

from . import manage_views as views

app_name = "followup_manage"
urlpatterns = [
    path("", views.start, name="start"),
    path("beslut/", views.decision, name="decision"),
    path("beslut/granska/", views.decision_check, name="decision_check"),
    path("projekt/skapa/", views.create_projects, name="create_projects"),
    path("projekt/<int:pk>/", views.project, name="project"),
    path("projekt/<int:pk>/andra/", views.project_edit, name="project_edit"),
    path("projekt/<int:pk>/status/", views.project_status, name="project_status"),
    path("projekt/<int:pk>/uppdatering/", views.update_create, name="update_create"),
    path("projekt/<int:pk>/uppdatering/<int:update_id>/", views.update_detail, name="update"),
    path(
        "projekt/<int:pk>/uppdatering/<int:update_id>/publicera/",
        views.update_publish,
        name="update_publish",
    ),
    path(
        "projekt/<int:pk>/uppdatering/<int:update_id>/radera/",
        views.update_delete,
        name="update_delete",
    ),
]
