"""/api/v1/ endpoints of the policies app."""


def register(router):
    return router
