from django.urls import path

from . import manage_views

app_name = "pages_manage"
urlpatterns = [
    path("", manage_views.page_list, name="list"),
    path("ny/", manage_views.create, name="create"),
    path("<slug:slug>/", manage_views.page, name="page"),
    path("<slug:slug>/andra/", manage_views.edit, name="edit"),
    path("<slug:slug>/publicera/", manage_views.publish, name="publish"),
    path("<slug:slug>/avpublicera/", manage_views.unpublish, name="unpublish"),
    path("<slug:slug>/version/<int:number>/", manage_views.version, name="version"),
]
