from django.urls import path

from . import manage_views

app_name = "forums_manage"
urlpatterns = [
    path("", manage_views.threads, name="threads"),
    path("ny-trad/", manage_views.thread_create, name="thread_create"),
    path("installningar/", manage_views.forum_settings, name="settings"),
    path("<int:pk>/stang/", manage_views.close, name="close"),
    path("<int:pk>/fast/<int:post_pk>/", manage_views.pin, name="pin"),
    path("<int:pk>/lossa/", manage_views.unpin, name="unpin"),
    path("granska/", manage_views.moderation, name="moderation"),
    path("granska/<int:pk>/visa/", manage_views.approve, name="approve"),
    path("granska/<int:pk>/dolj/", manage_views.reject, name="reject"),
]
