"""/policies/: the library, incentive rules, the lookup and handbooks (POL-1 … POL-3)."""

from django.urls import path

from zhaoshang.policies import views, views_handbooks, views_rules

app_name = "policies"

POLICY = "<uuid:public_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.policy_create, name="create"),
    path("import/", views.policy_import, name="import"),
    path("searches/", views.search_save, name="search_save"),
    path(POLICY, views.policy_detail, name="detail"),
    path(POLICY + "edit/", views.policy_edit, name="edit"),
    path(POLICY + "status/", views.policy_replace, name="replace"),
    path(POLICY + "attachments/", views.attachment_add, name="attachment_add"),
    path(
        "attachments/<uuid:public_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("incentives/", views_rules.rule_list, name="rules"),
    path("incentives/new/", views_rules.rule_create, name="rule_create"),
    path("incentives/<uuid:public_id>/", views_rules.rule_edit, name="rule_edit"),
    path("lookup/", views_rules.lookup, name="lookup"),
    path("handbooks/", views_handbooks.handbook_list, name="handbooks"),
    path(
        "handbooks/<uuid:public_id>/download/",
        views_handbooks.handbook_download,
        name="handbook_download",
    ),
    path(
        "handbooks/<uuid:public_id>/print/",
        views_handbooks.handbook_print,
        name="handbook_print",
    ),
]
