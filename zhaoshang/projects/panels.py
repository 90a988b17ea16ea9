"""Sections other apps add to a project's page (its review and procedures, its problem list,
the incentives it qualifies for…) without the projects app importing them.

An app registers a function in its ``AppConfig.ready()``; the function gets the request and the
project and returns ``(template name, context dict)``, or ``None`` when it has nothing to show
to this user. Panels render in registration order below the project's own sections.
"""

_PANELS = []


def register(panel):
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def render_context(request, project):
    """The panels to show, as ``{"template": …, **context}`` dicts for ``{% include %}``."""
    shown = []
    for panel in _PANELS:
        result = panel(request, project)
        if result is not None:
            template, context = result
            shown.append({"template": template, **context})
    return shown
