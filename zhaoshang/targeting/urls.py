"""/targeting/: investors, trips, visits, leads, chains, platforms, catalogue and the matrix."""

from django.urls import path

from zhaoshang.targeting import views_chains, views_investors, views_platforms, views_work

app_name = "targeting"

INVESTOR = "investors/<uuid:public_id>/"
TRIP = "trips/<uuid:public_id>/"
VISIT = "visits/<uuid:public_id>/"
LEAD = "leads/<uuid:public_id>/"

urlpatterns = [
    path("", views_chains.index, name="index"),
    path("investors/", views_investors.investor_list, name="investor_list"),
    path("investors/new/", views_investors.investor_create, name="investor_create"),
    path("investors/contacts.xlsx", views_investors.contacts_export, name="contacts_export"),
    path("investors/duplicates/", views_investors.duplicates, name="duplicates"),
    path("investors/duplicates/merge/", views_investors.merge, name="merge"),
    path(INVESTOR, views_investors.investor_detail, name="investor_detail"),
    path(INVESTOR + "edit/", views_investors.investor_edit, name="investor_edit"),
    path(INVESTOR + "contacts/", views_investors.contact_add, name="contact_add"),
    path("contacts/<uuid:public_id>/", views_investors.contact_detail, name="contact_detail"),
    path("trips/", views_work.trip_list, name="trip_list"),
    path("trips/new/", views_work.trip_create, name="trip_create"),
    path(TRIP, views_work.trip_detail, name="trip_detail"),
    path(TRIP + "edit/", views_work.trip_edit, name="trip_edit"),
    path(TRIP + "visits/", views_work.trip_visit_add, name="trip_visit_add"),
    path("visits/", views_work.visit_list, name="visit_list"),
    path("visits/new/", views_work.visit_create, name="visit_create"),
    path(VISIT, views_work.visit_detail, name="visit_detail"),
    path(VISIT + "lead/", views_work.visit_lead, name="visit_lead"),
    path("leads/", views_work.lead_list, name="lead_list"),
    path(LEAD, views_work.lead_detail, name="lead_detail"),
    path(LEAD + "take-up/", views_work.lead_take_up, name="lead_take_up"),
    path(LEAD + "drop/", views_work.lead_drop, name="lead_drop"),
    path(LEAD + "convert/", views_work.lead_convert, name="lead_convert"),
    path("chains/", views_chains.chain_list, name="chains"),
    path("chains/new/", views_chains.chain_create, name="chain_create"),
    path("chains/<slug:code>/", views_chains.chain_detail, name="chain_detail"),
    path("chains/<slug:code>/edit/", views_chains.chain_edit, name="chain_edit"),
    path("chains/<slug:code>/links/new/", views_chains.link_create, name="link_create"),
    path("links/<slug:code>/", views_chains.link_detail, name="link_detail"),
    path("links/<slug:code>/edit/", views_chains.link_edit, name="link_edit"),
    path("links/<slug:code>/members/", views_chains.link_member_add, name="link_member_add"),
    path(
        "links/<slug:code>/members/<int:pk>/remove/",
        views_chains.link_member_remove,
        name="link_member_remove",
    ),
    path("matrix/", views_chains.matrix_page, name="matrix"),
    path("platforms/", views_platforms.platform_list, name="platforms"),
    path("sites/new/", views_platforms.site_create, name="site_create"),
    path("sites/<slug:code>/edit/", views_platforms.site_edit, name="site_edit"),
    path("sites/<slug:code>/release/", views_platforms.site_release, name="site_release"),
    path("catalogue/", views_platforms.catalogue_list, name="catalogue"),
    path("catalogue/new/", views_platforms.catalogue_create, name="catalogue_create"),
    path("catalogue/<uuid:public_id>/edit/", views_platforms.catalogue_edit, name="catalogue_edit"),
    path("catalogue/catalogue.docx", views_platforms.catalogue_docx, name="catalogue_docx"),
    path("catalogue/catalogue.xlsx", views_platforms.catalogue_xlsx, name="catalogue_xlsx"),
    path("projects/<slug:code>/link/", views_platforms.project_link, name="project_link"),
    path("projects/<slug:code>/site/", views_platforms.project_site, name="project_site"),
]
