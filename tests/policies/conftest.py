import datetime as dt

import pytest

from zhaoshang.policies import services
from zhaoshang.policies.demo import load_demo_policies
from zhaoshang.policies.models import PolicyCategory

TEXT = """第一条 为支持标准厂房建设，制定本办法。
第二条 入驻标准厂房的企业，前三年免收租金。
第三条 本办法自印发之日起施行。"""


@pytest.fixture
def categories(db):
    return {c.code: c for c in PolicyCategory.objects.all()}


@pytest.fixture
def make_policy(cast, categories):
    """Enter a policy through the service with plausible defaults."""
    counter = {"n": 0}

    def make(actor=None, **fields):
        counter["n"] += 1
        data = {
            "title": f"沧澜县测试政策第{counter['n']}号",
            "level": "county",
            "issuer": "沧澜县人民政府办公室",
            "doc_number": f"沧政办发〔2024〕{counter['n']}号",
            "issued_on": dt.date(2024, 3, 1),
            "full_text": TEXT,
            "categories": [categories["land"]],
        }
        data.update(fields)
        return services.policy_create(actor=actor or cast["bureau_admin"], **data)

    return make


@pytest.fixture
def demo_library(cast):
    """The demo's eighty documents, thirteen rules and one handbook."""
    load_demo_policies()
