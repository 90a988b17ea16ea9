"""/api/v1/ endpoints of the mechanisms app."""


def register(router):
    return router
