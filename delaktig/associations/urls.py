from django.urls import path

from . import views

app_name = "associations"
urlpatterns = [
    path("", views.register, name="register"),
    path("ansok/", views.apply, name="apply"),
    path("ansok/skickad/", views.sent, name="sent"),
    path("bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("ta-bort-kontakt/<str:token>/", views.remove_contact, name="remove_contact"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/andra/", views.change, name="change"),
    path("<slug:slug>/ta-bort-kontaktperson/", views.request_removal, name="request_removal"),
]
