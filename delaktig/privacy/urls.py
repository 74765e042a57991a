from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.policy, name="policy"),
    path("mina-uppgifter/", views.my_data, name="my_data"),
    path("mina-uppgifter/ladda-ner/", views.download, name="download"),
    path("mina-uppgifter/radera-kontot/", views.delete_account, name="delete_account"),
]
