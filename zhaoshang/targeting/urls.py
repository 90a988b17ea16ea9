from django.urls import path

from zhaoshang.targeting import views

app_name = "targeting"

urlpatterns = [
    path("", views.index, name="index"),
]
