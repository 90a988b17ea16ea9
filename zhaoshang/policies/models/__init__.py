"""Policies (POL-1 … POL-3); one module per part, re-exported here for Django."""

from zhaoshang.policies.models.handbooks import Handbook, SavedSearch
from zhaoshang.policies.models.incentives import IncentiveCondition, IncentiveRule
from zhaoshang.policies.models.library import (
    Policy,
    PolicyArticle,
    PolicyAttachment,
    PolicyCategory,
)

__all__ = [
    "Handbook",
    "IncentiveCondition",
    "IncentiveRule",
    "Policy",
    "PolicyArticle",
    "PolicyAttachment",
    "PolicyCategory",
    "SavedSearch",
]
