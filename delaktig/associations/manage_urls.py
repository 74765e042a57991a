from django.urls import path

from . import manage_views

app_name = "associations_manage"
urlpatterns = [
    path("", manage_views.home, name="home"),
    path("ansokan/<int:pk>/", manage_views.application, name="application"),
    path("ansokan/<int:pk>/godkann/", manage_views.approve, name="approve"),
    path("ansokan/<int:pk>/avsla/", manage_views.reject, name="reject"),
    path("forening/<int:pk>/", manage_views.association, name="association"),
    path(
        "forening/<int:pk>/ta-bort-kontaktperson/",
        manage_views.remove_contact,
        name="remove_contact",
    ),
    path("forening/<int:pk>/avregistrera/", manage_views.delist, name="delist"),
    path("bjud-in/", manage_views.invite, name="invite"),
    path("importera/", manage_views.import_file, name="import"),
    path("exportera/", manage_views.export, name="export"),
]
