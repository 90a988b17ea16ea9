from django.urls import path

from zhaoshang.mechanisms import (
    views,
    views_meetings,
    views_problems,
    views_procedures,
    views_reviews,
)

app_name = "mechanisms"

REVIEW = "reviews/<uuid:public_id>/"
PROCEDURE = "procedures/<uuid:public_id>/"
MEETING = "meetings/<uuid:public_id>/"
ITEM = MEETING + "items/<uuid:item_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_edit, name="settings"),
    path("reviews/", views_reviews.review_list, name="review_list"),
    path("reviews/new/", views_reviews.review_create, name="review_create"),
    path(REVIEW, views_reviews.review_detail, name="review_detail"),
    path(REVIEW + "opinions/<int:pk>/", views_reviews.opinion_give, name="opinion_give"),
    path(REVIEW + "decide/", views_reviews.review_decide, name="review_decide"),
    path(REVIEW + "withdraw/", views_reviews.review_withdraw, name="review_withdraw"),
    path(REVIEW + "material/", views_reviews.review_material, name="review_material"),
    path("procedures/", views_procedures.procedure_list, name="procedure_list"),
    path("procedures/catalogue/", views_procedures.catalogue, name="catalogue"),
    path("procedures/catalogue/new/", views_procedures.type_create, name="type_create"),
    path("procedures/catalogue/<slug:code>/edit/", views_procedures.type_edit, name="type_edit"),
    path("procedures/ranking/", views_procedures.ranking, name="ranking"),
    path("procedures/ranking/export/", views_procedures.ranking_export, name="ranking_export"),
    path(PROCEDURE, views_procedures.procedure_detail, name="procedure_detail"),
    path(
        "projects/<slug:code>/procedures/",
        views_procedures.procedures_draw_up,
        name="procedures_draw_up",
    ),
    path("meetings/", views_meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", views_meetings.meeting_create, name="meeting_create"),
    path(MEETING, views_meetings.meeting_detail, name="meeting_detail"),
    path(MEETING + "edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path(MEETING + "held/", views_meetings.meeting_held, name="meeting_held"),
    path(MEETING + "minutes/", views_meetings.meeting_minutes, name="meeting_minutes"),
    path(MEETING + "items/new/", views_meetings.item_create, name="item_create"),
    path(ITEM + "edit/", views_meetings.item_edit, name="item_edit"),
    path(ITEM + "positions/", views_meetings.stance_set, name="stance_set"),
    path(ITEM + "tasks/", views_meetings.task_add, name="task_add"),
    path(ITEM + "material/", views_meetings.item_material, name="item_material"),
    path("tasks/", views_meetings.task_list, name="task_list"),
    path("tasks/<uuid:public_id>/done/", views_meetings.task_done, name="task_done"),
    path("problems/", views_problems.problem_list, name="problem_list"),
    path("problems/<uuid:public_id>/edit/", views_problems.problem_edit, name="problem_edit"),
    path(
        "problems/<uuid:public_id>/resolve/",
        views_problems.problem_resolve,
        name="problem_resolve",
    ),
    path(
        "projects/<slug:code>/problems/new/", views_problems.problem_create, name="problem_create"
    ),
]
