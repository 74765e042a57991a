from django.urls import path

from . import manage_views as views

app_name = "goals_manage"
urlpatterns = [
    path("", views.goal_list, name="list"),
    path("nytt/", views.goal_create, name="create"),
    path("<slug:slug>/", views.goal_manage, name="goal"),
    path("<slug:slug>/uppgifter/", views.goal_edit, name="edit"),
    path("<slug:slug>/publicera/", views.goal_publish, name="publish"),
    path("<slug:slug>/avpublicera/", views.goal_unpublish, name="unpublish"),
    path("<slug:slug>/indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("<slug:slug>/indikatorer/<int:pk>/", views.indicator_values, name="values"),
    path("<slug:slug>/indikatorer/<int:pk>/andra/", views.indicator_edit, name="indicator_edit"),
    path(
        "<slug:slug>/indikatorer/<int:pk>/ta-bort/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "<slug:slug>/indikatorer/<int:pk>/varden/<int:measurement_pk>/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        "<slug:slug>/indikatorer/<int:pk>/varden/<int:measurement_pk>/ta-bort/",
        views.measurement_delete,
        name="measurement_delete",
    ),
    path("<slug:slug>/importera/", views.import_upload, name="import"),
    path("<slug:slug>/importera/bekrafta/", views.import_confirm, name="import_confirm"),
    path(
        "<slug:slug>/importera/mall.csv",
        views.import_template,
        {"kind": "csv"},
        name="import_template_csv",
    ),
    path(
        "<slug:slug>/importera/mall.xlsx",
        views.import_template,
        {"kind": "xlsx"},
        name="import_template_xlsx",
    ),
    path("<slug:slug>/kopplingar/", views.links, name="links"),
    path(
        "<slug:slug>/kopplingar/projekt-fran-forslag/",
        views.link_projects_of_proposals,
        name="link_projects_of_proposals",
    ),
    path(
        "<slug:slug>/kopplingar/forslag/",
        views.pick,
        {"field": "proposals"},
        name="pick_proposals",
    ),
    path(
        "<slug:slug>/kopplingar/projekt/", views.pick, {"field": "projects"}, name="pick_projects"
    ),
]
