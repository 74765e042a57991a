from django.urls import path

from . import manage_views

app_name = "proposals_manage"
urlpatterns = [
    path("moderering/", manage_views.report_queue, name="moderation"),
    path("moderering/<int:pk>/dolj/", manage_views.report_hide, name="report_hide"),
    path("moderering/<int:pk>/avfarda/", manage_views.report_dismiss, name="report_dismiss"),
    path(
        "moderering/forslag/<int:pk>/publicera/",
        manage_views.pending_publish,
        name="pending_publish",
    ),
    path("moderering/forslag/<int:pk>/dolj/", manage_views.pending_hide, name="pending_hide"),
]
