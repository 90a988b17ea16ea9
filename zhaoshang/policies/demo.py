"""The demo's policy library: about eighty documents written for the demo county (not copies
of real documents), a dozen county incentive rules citing their clauses, and one compiled
handbook. Safe to run again: what exists is left alone."""

import datetime as dt
from pathlib import Path

import yaml

from zhaoshang.orgs.models import User
from zhaoshang.policies import services, services_handbooks, services_rules
from zhaoshang.policies.choices import PolicyStatus
from zhaoshang.policies.handbook_docx import numeral
from zhaoshang.policies.models import Handbook, IncentiveRule, Policy, PolicyCategory
from zhaoshang.reference.models import IndustryDivision, StrategicField

DATA = Path(__file__).resolve().parent / "data"
BUREAU = "bureau_admin"
GENERATED = 63
LEVELS = ["central", "province", "city", "county"]
HANDBOOK_CATEGORIES = ["investment", "land", "tax"]


def _read(name):
    with open(DATA / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _date(value):
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(value)


def core_documents():
    return _read("demo-core.yaml")


def generated_documents():
    """Documents put together from the topics' clauses, varied by a fixed pattern so that
    every run yields the same library."""
    data = _read("demo-topics.yaml")
    topics, kinds = data["topics"], data["kinds"]
    documents, titles = [], set()
    for n in range(GENERATED):
        topic = topics[n % len(topics)]
        other = topics[(n * 3 + 1) % len(topics)]
        level = LEVELS[(n + n // len(topics)) % len(LEVELS)]
        issuer, prefix = data["issuers"][level][n % len(data["issuers"][level])]
        phrase = topic["phrases"][(n // len(topics)) % len(topic["phrases"])]
        kind = kinds[(n * 7) % len(kinds)]
        title = f"{data['places'][level]}关于{phrase}的{kind}"
        while title in titles:
            kind = kinds[(kinds.index(kind) + 1) % len(kinds)]
            title = f"{data['places'][level]}关于{phrase}的{kind}"
        titles.add(title)
        year = 2019 + n % 7
        issued = dt.date(year, (n * 5) % 12 + 1, (n * 11) % 27 + 1)
        count = len(topic["clauses"])
        clauses = [topic["clauses"][(n + k) % count] for k in range(4 + n % 2)]
        clauses.append(other["clauses"][n % len(other["clauses"])])
        clauses.append(f"本{kind}自印发之日起施行，由{issuer.split()[0]}负责解释。")
        numbered = level in ("city", "county") and n % 2 == 0
        lines = [
            f"第{numeral(k)}条 {text}" if numbered else f"{numeral(k)}、{text}"
            for k, text in enumerate(clauses, start=1)
        ]
        documents.append(
            {
                "title": title,
                "level": level,
                "issuer": issuer,
                "doc_number": f"{prefix}〔{year}〕{(n * 13) % 40 + 1}号",
                "issued_on": issued,
                "expires_on": issued.replace(year=year + 5) if n % 5 == 0 else None,
                "categories": list(dict.fromkeys([topic["category"], other["category"]])),
                "fields": ["1", "2", "3", "6"] if topic["category"] == "strategic" else [],
                "text": "\n".join(lines),
                "key": [],
            }
        )
    return documents


def _fields(document, categories, industries, strategic):
    return {
        "title": document["title"],
        "level": document["level"],
        "issuer": document["issuer"],
        "doc_number": document.get("doc_number", ""),
        "issued_on": _date(document["issued_on"]),
        "effective_on": _date(document.get("effective_on")),
        "expires_on": _date(document.get("expires_on")),
        "regions": document.get("regions", ""),
        "source": document.get("source", "") or "沧澜县招商局汇编（演示数据）",
        "full_text": document["text"],
        "categories": [categories[c] for c in document["categories"]],
        "industries": [industries[c] for c in document.get("industries", [])],
        "strategic_fields": [strategic[c] for c in document.get("fields", [])],
    }


def load_demo_policies(stdout=None):
    actor = User.objects.get(username=BUREAU)
    categories = {c.code: c for c in PolicyCategory.objects.all()}
    industries = {i.code: i for i in IndustryDivision.objects.all()}
    strategic = {f.code: f for f in StrategicField.objects.all()}
    existing = set(Policy.objects.values_list("title", flat=True))
    by_ref = {}
    created = 0
    for document in core_documents() + generated_documents():
        if document["title"] in existing:
            policy = Policy.objects.get(title=document["title"])
        else:
            policy = services.policy_create(
                actor=actor,
                key_headings=document.get("key") or None,
                **_fields(document, categories, industries, strategic),
            )
            created += 1
        if "ref" in document:
            by_ref[document["ref"]] = (policy, document)
    for policy, document in by_ref.values():
        newer = document.get("replaced_by")
        if newer and policy.replaced_by_id is None:
            services.policy_replace(
                actor=actor,
                policy=policy,
                replaced_by=by_ref[newer][0],
                status=document.get("status", PolicyStatus.REPEALED),
            )
    rules = 0
    for position, row in enumerate(_read("demo-rules.yaml"), start=1):
        if IncentiveRule.objects.filter(name=row["name"]).exists():
            continue
        policy = by_ref[row["policy"]][0]
        services_rules.rule_save(
            actor=actor,
            conditions=[tuple(c) for c in row["conditions"]],
            name=row["name"],
            policy=policy,
            article=policy.articles.filter(heading=row["clause"]).first(),
            summary=row["summary"],
            benefit_kind=row["benefit_kind"],
            amount=row.get("amount"),
            rate=row.get("rate"),
            threshold=row.get("threshold"),
            cap=row.get("cap"),
            years=row.get("years"),
            unit_price=row.get("unit_price"),
            max_area=row.get("max_area"),
            position=position,
        )
        rules += 1
    if not Handbook.objects.exists():
        services_handbooks.handbook_compile(
            actor=actor,
            title="沧澜县招商引资政策汇编",
            compiler="沧澜县招商局",
            categories=[categories[c] for c in HANDBOOK_CATEGORIES],
        )
    if stdout is not None:
        stdout.write(f"Policies: {created} documents and {rules} incentive rules added.")
