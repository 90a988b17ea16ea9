from django.urls import path

from zhaoshang.projects import (
    views,
    views_enterprise,
    views_import,
    views_integrity,
    views_pipeline,
    views_settings,
)

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export/", views.project_export, name="export"),
    path("import/", views_import.import_upload, name="import"),
    path("import/template/", views_import.import_template, name="import_template"),
    path("import/preview/", views_import.import_preview, name="import_preview"),
    path("import/commit/", views_import.import_commit, name="import_commit"),
    path("new/", views.project_create, name="create"),
    path("lead/", views.lead_create, name="lead"),
    path("board/", views_pipeline.kanban, name="kanban"),
    path("enterprises/", views_enterprise.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views_enterprise.enterprise_edit, name="enterprise_new"),
    path(
        "enterprises/<uuid:public_id>/",
        views_enterprise.enterprise_edit,
        name="enterprise_edit",
    ),
    path("<slug:code>/credit/", views_enterprise.credit_edit, name="credit"),
    path("evidence/<uuid:public_id>/", views_pipeline.evidence_download, name="evidence"),
    path("integrity/", views_integrity.hub, name="integrity"),
    path("integrity/flags/", views_integrity.flag_list, name="flags"),
    path("integrity/flags/<int:pk>/", views_integrity.flag_detail, name="flag"),
    path("integrity/spot-checks/", views_integrity.spot_check_list, name="spot_checks"),
    path(
        "integrity/spot-checks/<uuid:public_id>/",
        views_integrity.spot_check_detail,
        name="spot_check",
    ),
    path("integrity/verification/", views_integrity.verify_queue, name="verify_queue"),
    path("settings/", views_settings.index, name="settings"),
    path("settings/stages/<slug:code>/", views_settings.stage_edit, name="settings_stage"),
    path("settings/reasons/new/", views_settings.reason_create, name="settings_reason_create"),
    path(
        "settings/reasons/<slug:code>/edit/",
        views_settings.reason_edit,
        name="settings_reason_edit",
    ),
    path(
        "settings/platforms/new/",
        views_settings.platform_create,
        name="settings_platform_create",
    ),
    path(
        "settings/platforms/<slug:code>/edit/",
        views_settings.platform_edit,
        name="settings_platform_edit",
    ),
    path("settings/county/", views_settings.county_edit, name="settings_county"),
    path("<slug:code>/", views.project_detail, name="detail"),
    path("<slug:code>/edit/", views.project_edit, name="edit"),
    path("<slug:code>/transition/", views_pipeline.project_transition, name="transition"),
    path("<slug:code>/move/", views_pipeline.kanban_move, name="move"),
    path("<slug:code>/evidence/", views_pipeline.evidence_upload, name="evidence_upload"),
    path("<slug:code>/verify/", views_pipeline.project_verify, name="verify"),
]
