from django.urls import path

from . import manage_views
from .paper import views as paper_views

app_name = "voting_manage"
urlpatterns = [
    path("", manage_views.box_list, name="index"),
    path("skapa/", manage_views.create_boxes, name="create"),
    path("<int:box_id>/", manage_views.box_design, name="box"),
    path("<int:box_id>/fyll/", manage_views.fill, name="fill"),
    path("forhandsvisning/", manage_views.preview_round, name="preview_round"),
    path("<int:box_id>/forhandsvisning/", manage_views.preview, name="preview"),
    path("stang-nu/", manage_views.close_now, name="close_now"),
]

urlpatterns += [
    path("papper/", paper_views.paper_index, name="paper"),
    path("papper/stationer/", paper_views.paper_station_save, name="paper_station"),
    path("<int:box_id>/papper/ny/", paper_views.paper_first, name="paper_first"),
    path("papper/<int:entry_id>/andra/", paper_views.paper_second, name="paper_second"),
    path("papper/<int:entry_id>/los/", paper_views.paper_resolve, name="paper_resolve"),
    path("papper/<int:entry_id>/avvisa/", paper_views.paper_reject, name="paper_reject"),
    path("avstamning/", paper_views.reconciliation, name="reconciliation"),
]
