from django.urls import path

from zhaoshang.orgs import views

app_name = "orgs"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<slug:code>/", views.unit_detail, name="unit_detail"),
    path("units/<slug:code>/edit/", views.unit_edit, name="unit_edit"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<uuid:public_id>/", views.user_detail, name="user_detail"),
    path("users/<uuid:public_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<uuid:public_id>/password/", views.user_reset_password, name="user_reset_password"),
    path("users/<uuid:public_id>/unlock/", views.user_unlock, name="user_unlock"),
    path("roles/", views.membership_list, name="membership_list"),
    path("roles/new/", views.membership_create, name="membership_create"),
    path("roles/<uuid:public_id>/revoke/", views.membership_revoke, name="membership_revoke"),
]
