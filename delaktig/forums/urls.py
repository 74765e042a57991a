from django.urls import path

from . import views

app_name = "forums"
urlpatterns = [
    path("", views.threads, name="threads"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/skriv/", views.post_create, name="post"),
    path("<int:pk>/svara/<int:post_pk>/", views.reply, name="reply"),
    path("<int:pk>/inlagg/<int:post_pk>/anmal/", views.report, name="report"),
]
