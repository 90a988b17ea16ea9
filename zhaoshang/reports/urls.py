from django.urls import path

from zhaoshang.reports import urls_dashboard, views_bulletin

app_name = "reports"

urlpatterns = [
    path("bulletin/", views_bulletin.bulletin, name="bulletin"),
    path("bulletin/docx/", views_bulletin.bulletin_docx_view, name="bulletin_docx"),
    path("bulletin/xlsx/", views_bulletin.bulletin_xlsx_view, name="bulletin_xlsx"),
]
urlpatterns += urls_dashboard.urlpatterns
