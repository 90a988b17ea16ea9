from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditCategory(models.TextChoices):
    SECURITY = "security", _("Security")
    OBJECT = "object", _("Data change")


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Log in")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOCKOUT = "lockout", _("Account locked")
    LOGOUT = "logout", _("Log out")
    SESSION_EXPIRED = "session_expired", _("Session expired")
    PASSWORD_CHANGE = "password_change", _("Password changed by the user")
    PASSWORD_RESET = "password_reset", _("Password reset by administrator")
    ACCOUNT_UNLOCK = "account_unlock", _("Account unlocked")
    ROLE_GRANT = "role_grant", _("Role assigned")
    ROLE_REVOKE = "role_revoke", _("Role revoked")
    EXPORT = "export", _("Export")
    AUDIT_READ = "audit_read", _("Audit log read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
