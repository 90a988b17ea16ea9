"""Password rules of DESIGN section 4 beyond Django's own validators."""

import string

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CharacterClassValidator:
    """At least three of: lower case, upper case, digits, symbols."""

    required = 3

    def validate(self, password, user=None):
        classes = [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.required:
            raise ValidationError(self.get_help_text(), code="password_classes")

    def get_help_text(self):
        return _(
            "The password must contain at least three of: lower-case letters, upper-case "
            "letters, digits and symbols."
        )


class PasswordHistoryValidator:
    """None of the user's last ``PASSWORD_HISTORY_COUNT`` passwords (current one included)."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        count = settings.PASSWORD_HISTORY_COUNT
        recent = list(user.password_history.values_list("password", flat=True)[:count])
        if user.password and user.password not in recent:
            recent.insert(0, user.password)
        if any(check_password(password, old) for old in recent[:count]):
            raise ValidationError(self._message(count), code="password_reused")

    def _message(self, count):
        return ngettext(
            "The password must differ from your last password.",
            "The password must differ from your last %(count)d passwords.",
            count,
        ) % {"count": count}

    def get_help_text(self):
        return self._message(settings.PASSWORD_HISTORY_COUNT)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with our own wording: its zh-Hans catalogue lags behind its source."""

    def get_error_message(self):
        return _("The password is too short: it needs at least %(n)d characters.") % {
            "n": self.min_length
        }

    def get_help_text(self):
        return _("At least %(n)d characters.") % {"n": self.min_length}
