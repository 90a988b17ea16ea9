from django.urls import path

from zhaoshang.mechanisms import views

app_name = "mechanisms"

urlpatterns = [
    path("", views.index, name="index"),
]
