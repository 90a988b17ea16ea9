"""Service refusals as HTTP answers, with the same Chinese messages the pages show.

The services raise Django's ``ValidationError`` and ``PermissionDenied``; DRF knows only its own
exceptions and would answer the first with a 500. A stale ``version`` is a conflict (409).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

CONFLICT = "conflict"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else saved this object in the meantime.")
    default_code = CONFLICT


def _is_conflict(exc):
    return not hasattr(exc, "error_dict") and any(
        getattr(error, "code", None) == CONFLICT for error in exc.error_list
    )


def as_api_exception(exc):
    """The DRF exception that answers a service's Django exception."""
    if isinstance(exc, DjangoValidationError):
        if _is_conflict(exc):
            return Conflict(" ".join(exc.messages))
        detail = get_error_detail(exc)
        if isinstance(detail, dict):
            key = api_settings.NON_FIELD_ERRORS_KEY
            detail = {key if name == NON_FIELD_ERRORS else name: v for name, v in detail.items()}
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
        return exceptions.ValidationError(detail)
    if isinstance(exc, DjangoPermissionDenied) and str(exc):
        # The services say what is not allowed; DRF would replace it with a generic sentence.
        return exceptions.PermissionDenied(str(exc))
    return exc


def exception_handler(exc, context):
    return drf_exception_handler(as_api_exception(exc), context)
