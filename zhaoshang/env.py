"""Strict parsers for settings read from the environment.

A county's server is configured by people who are not Django developers; a typo such as
``DEBUG=ture`` must stop the process with a clear message instead of silently meaning False.
"""

import os
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_UNSET = object()


def _raw(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if default is _UNSET:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return None
    return value.strip()


def env_str(name, default=_UNSET, *, choices=None):
    value = _raw(name, default)
    if value is None:
        return default
    if choices is not None and value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {allowed}.")
    return value


def env_bool(name, default=_UNSET):
    value = _raw(name, default)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def env_int(name, default=_UNSET, *, minimum=None, maximum=None):
    value = _raw(name, default)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum {minimum}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name}={number} is above the maximum {maximum}.")
    return number


def env_list(name, default=_UNSET):
    value = _raw(name, default)
    if value is None:
        return list(default) if default is not None else []
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item in its comma list.")
    return items


def env_minutes(name, default=_UNSET, *, minimum=1):
    return timedelta(minutes=env_int(name, default, minimum=minimum))


def env_url(name, default=_UNSET, *, schemes=("http", "https")):
    """An absolute URL with one of ``schemes`` and a host, e.g. a group robot's webhook."""
    from urllib.parse import urlsplit

    value = _raw(name, default)
    if value is None:
        return default
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc:
        allowed = ", ".join(schemes)
        raise ImproperlyConfigured(f"{name}={value!r} is not an absolute URL ({allowed}).")
    return value
