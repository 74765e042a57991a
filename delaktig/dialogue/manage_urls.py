from django.urls import path

from . import manage_views

app_name = "dialogue_manage"
urlpatterns = [
    path("", manage_views.compose, name="compose"),
    path("nytt-block/", manage_views.block_add, name="block_add"),
    path("block/<int:block_id>/", manage_views.block_edit, name="block_edit"),
    path("block/<int:block_id>/flytta/", manage_views.block_move, name="block_move"),
    path("block/<int:block_id>/ta-bort/", manage_views.block_delete, name="block_delete"),
    path("forhandsvisning/", manage_views.preview, name="preview"),
    path("publicera/", manage_views.publish, name="publish"),
    path("ni-sa-vi-gjorde/", manage_views.feedback, name="feedback"),
    path("ni-sa-vi-gjorde/publicera/", manage_views.feedback_publish, name="feedback_publish"),
]
