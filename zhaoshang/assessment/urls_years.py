"""Years, groups, targets and progress under /assessment/ (the ``assessment:`` namespace)."""

from django.urls import path

from zhaoshang.assessment import views_years, views_years_progress, views_years_targets

Y = "years/<int:year>/"

urlpatterns = [
    path("years/", views_years.year_list, name="years"),
    path("years/new/", views_years.year_create, name="year_create"),
    path(Y, views_years.year_detail, name="year_detail"),
    path(Y + "edit/", views_years.year_edit, name="year_edit"),
    path(Y + "groups/new/", views_years.group_create, name="group_create"),
    path(Y + "groups/<slug:code>/edit/", views_years.group_edit, name="group_edit"),
    path(Y + "groups/<slug:code>/move/", views_years.group_move, name="group_move"),
    path(Y + "groups/<slug:code>/delete/", views_years.group_delete, name="group_delete"),
    path(Y + "members/", views_years.members_assign, name="members_assign"),
    path(Y + "members/remove/", views_years.member_remove, name="member_remove"),
    path(Y + "targets/", views_years_targets.targets_grid, name="targets"),
    path(Y + "targets/export/", views_years_targets.targets_export, name="targets_export"),
    path(Y + "targets/template/", views_years_targets.targets_template, name="targets_template"),
    path(Y + "targets/import/", views_years_targets.import_upload, name="targets_import"),
    path(
        Y + "targets/import/preview/",
        views_years_targets.import_preview,
        name="targets_import_preview",
    ),
    path(
        Y + "targets/import/commit/",
        views_years_targets.import_commit,
        name="targets_import_commit",
    ),
    path(Y + "targets/units/<slug:unit>/", views_years_targets.targets_edit, name="targets_edit"),
    path(Y + "progress/", views_years_progress.progress, name="progress"),
    path(Y + "progress/export/", views_years_progress.progress_export, name="progress_export"),
]
