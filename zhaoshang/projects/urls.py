from django.urls import path

from zhaoshang.projects import views, views_pipeline

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export/", views.project_export, name="export"),
    path("new/", views.project_create, name="create"),
    path("lead/", views.lead_create, name="lead"),
    path("board/", views_pipeline.kanban, name="kanban"),
    path("evidence/<uuid:public_id>/", views_pipeline.evidence_download, name="evidence"),
    path("<slug:code>/", views.project_detail, name="detail"),
    path("<slug:code>/edit/", views.project_edit, name="edit"),
    path("<slug:code>/transition/", views_pipeline.project_transition, name="transition"),
    path("<slug:code>/move/", views_pipeline.kanban_move, name="move"),
    path("<slug:code>/evidence/", views_pipeline.evidence_upload, name="evidence_upload"),
    path("<slug:code>/verify/", views_pipeline.project_verify, name="verify"),
]
