from django.urls import path

from zhaoshang.assessment import views_method, views_scores

urlpatterns = [
    path("<int:year>/method/", views_method.method_detail, name="method"),
    path("<int:year>/method/edit/", views_method.method_edit, name="method_edit"),
    path("<int:year>/method/upload/", views_method.method_upload, name="method_upload"),
    path(
        "<int:year>/method/download.<str:fmt>",
        views_method.method_download,
        name="method_download",
    ),
    path("<int:year>/items/", views_method.items, name="items"),
    path("<int:year>/items/<uuid:public_id>/delete/", views_method.item_delete, name="item_delete"),
    path("<int:year>/adjustments/", views_method.adjustments, name="adjustments"),
    path(
        "<int:year>/adjustments/<uuid:public_id>/decide/",
        views_method.adjustment_decide,
        name="adjustment_decide",
    ),
    path("<int:year>/scores/", views_scores.scores, name="scores"),
    path("<int:year>/scores/publish/", views_scores.publish, name="publish"),
    path("<int:year>/scores/<slug:unit>/", views_scores.breakdown, name="breakdown"),
    path("rankings/<uuid:public_id>/", views_scores.ranking, name="ranking"),
    path("rankings/<uuid:public_id>/export/", views_scores.ranking_export, name="ranking_export"),
    path("rankings/<uuid:public_id>/promotion/", views_scores.promotion, name="promotion"),
    path("rankings/<uuid:public_id>/<slug:unit>/", views_scores.ranking_unit, name="ranking_unit"),
]
