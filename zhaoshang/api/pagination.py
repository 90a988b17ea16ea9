from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=`` (50 by default, at most 200)."""

    page_size_query_param = "page_size"
    max_page_size = 200
