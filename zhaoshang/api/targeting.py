"""/api/v1/ endpoints of the targeting app."""


def register(router):
    return router
