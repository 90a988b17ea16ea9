"""The REST API (/api/v1/): the same selectors, services and permission layer as the pages.

Nothing in the domain imports from here; the API is one more client of the services.
"""
