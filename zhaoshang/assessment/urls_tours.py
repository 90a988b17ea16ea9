"""/assessment/tours/: observation tours (ASM-3), in the ``assessment:`` namespace."""

from django.urls import path

from zhaoshang.assessment import views_tours as views

TOUR = "tours/<uuid:public_id>/"

urlpatterns = [
    path("tours/", views.tour_list, name="tour_list"),
    path("tours/new/", views.tour_create, name="tour_create"),
    path(TOUR, views.tour_detail, name="tour_detail"),
    path(TOUR + "edit/", views.tour_edit, name="tour_edit"),
    path(TOUR + "criteria/", views.tour_criteria, name="tour_criteria"),
    path(TOUR + "judges/", views.judge_add, name="tour_judge_add"),
    path(TOUR + "judges/<int:pk>/remove/", views.judge_remove, name="tour_judge_remove"),
    path(TOUR + "entries/", views.entry_add, name="tour_entry_add"),
    path(TOUR + "entries/<uuid:entry_id>/remove/", views.entry_remove, name="tour_entry_remove"),
    path(TOUR + "open/", views.tour_open, name="tour_open"),
    path(TOUR + "close/", views.tour_close, name="tour_close"),
    path(TOUR + "score/", views.score_list, name="tour_score"),
    path(TOUR + "score/<uuid:entry_id>/", views.score_entry, name="tour_score_entry"),
    path(TOUR + "results/", views.tour_results, name="tour_results"),
    path(TOUR + "results/export/", views.tour_results_export, name="tour_results_export"),
]
