from django.urls import path

from zhaoshang.reference import views, views_calendar

app_name = "reference"

# Objects are addressed by their published codes: /divisions/13/, /regions/KR/, /groups/jjj/.
urlpatterns = [
    path("", views.index, name="index"),
    path("industries/", views.industry_list, name="industry_list"),
    path("divisions/<slug:code>/edit/", views.division_edit, name="division_edit"),
    path("strategic-fields/", views.strategic_field_list, name="strategic_field_list"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/new/", views.region_create, name="region_create"),
    path("regions/<slug:code>/edit/", views.region_edit, name="region_edit"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<slug:code>/edit/", views.group_edit, name="group_edit"),
    path("groups/<slug:code>/delete/", views.group_delete, name="group_delete"),
    path("calendar/", views_calendar.calendar, name="calendar"),
    path("calendar/load/", views_calendar.calendar_load, name="calendar_load"),
    path(
        "calendar/<str:date>/remove/",
        views_calendar.calendar_remove,
        name="calendar_remove",
    ),
]
