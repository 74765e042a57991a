from django.urls import path

from . import feeds, views

app_name = "following"

urlpatterns = [
    path("folj/", views.mine, name="mine"),
    path("folj/<slug:key>/<int:pk>/", views.follow, name="follow"),
    path("folj/<slug:key>/<int:pk>/sluta/", views.unfollow, name="unfollow"),
    path("folj/<slug:key>/<int:pk>/e-post/", views.email, name="email"),
    path("folj/<slug:key>/<int:pk>/e-post/skickat/", views.email_sent, name="email_sent"),
    path("folj/<slug:key>/<int:pk>/flode/", feeds.TargetFeed(), name="feed"),
    path("folj/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("folj/avsluta/<str:token>/", views.stop, name="stop"),
    path("omgangar/<slug:slug>/flode/", feeds.RoundFeed(), name="round_feed"),
]
