from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.calendar_list, name="calendar"),
    path("manad/", views.month_redirect, name="month_now"),
    path("manad/<int:year>/<int:month>/", views.month_view, name="month"),
    path("kalender.ics", views.feed, name="feed"),
    path("anmalan/<str:token>/", views.registration, name="registration"),
    path("anmalan/<str:token>/bekrafta/", views.confirm, name="confirm"),
    path("anmalan/<str:token>/avboka/", views.cancel, name="cancel"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/mote.ics", views.meeting_ics, name="ics"),
    path("<slug:slug>/anmal/", views.register, name="register"),
    path("<slug:slug>/anmal/skickad/", views.sent, name="sent"),
]
