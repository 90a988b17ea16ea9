"""The method document: what is accepted, what is refused and how the refusal reads."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.assessment.methods import DOCS, load_method
from zhaoshang.assessment import schema


@pytest.mark.parametrize("name", sorted(p.name for p in DOCS.glob("*.yaml")))
def test_every_documented_example_reads_back_the_same_from_yaml_and_json(name):
    document = load_method(name)
    assert schema.validate(schema.parse(schema.dump_yaml(document))) == document
    assert schema.validate(schema.parse(schema.dump_json(document))) == document


def test_a_written_out_method_shows_plain_numbers_and_keeps_codes_as_text():
    text = schema.dump_yaml(load_method("ratio-to-target.yaml"))
    assert "points: 40\n" in text and "cap_ratio: 1.2\n" in text
    assert "- K\n" in text


def refusal(document, **known):
    with pytest.raises(ValidationError) as refused, translation.override("zh-hans"):
        schema.validate(document, **known)
    return refused.value.messages


def test_every_problem_is_listed_with_its_place():
    document = load_method("ratio-to-target.yaml")
    document["indicators"][0]["scoring"]["points"] = "四十"
    document["indicators"][1]["scoring"]["method"] = "formula"
    document["indicators"][2]["code"] = "landed"
    document["qualifying"]["min_investment_by_group"] = {"villages": 100}
    document["surprise"] = 1
    messages = refusal(document, stages={"landed"}, groups={"towns"})
    assert "indicators[1].scoring.points：必须是数字" in messages
    assert any(m.startswith("indicators[2].scoring.method：只能是以下之一") for m in messages)
    assert "indicators[3].code：代码“landed”重复使用" in messages
    assert "qualifying.min_investment_by_group.villages：本年度没有“villages”这个考核组" in messages
    assert "无法识别的项“surprise”" in messages


def test_no_python_is_ever_evaluated_from_a_method_file():
    with pytest.raises(ValidationError):
        schema.parse("!!python/object/apply:os.system ['echo hacked']")
    messages = refusal({"name": "x", "indicators": [{"code": "a", "scoring": "__import__('os')"}]})
    assert any("indicators[1].scoring" in m for m in messages)


def test_tiers_need_exactly_one_rule_each():
    document = load_method("efficacy.yaml")
    document["tiers"]["levels"][0] = {"name": "优秀", "top": 1, "min_score": 90}
    assert any(m.startswith("tiers.levels[1]") for m in refusal(document))


def test_aliases_huge_numbers_and_side_stages_are_refused():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nname: *b\n'
    with pytest.raises(ValidationError):
        schema.parse(bomb)
    document = load_method("ratio-to-target.yaml")
    document["indicators"][0]["scoring"]["points"] = "1E+30"
    document["qualifying"]["landed_stage"] = ["landed"]
    messages = refusal(document, stages={"landed", "started"})
    assert any(m.startswith("indicators[1].scoring.points：超出允许范围") for m in messages)
    assert "qualifying.landed_stage：必须是阶段代码" in messages
    document = load_method("ratio-to-target.yaml")
    document["qualifying"]["landed_stage"] = "paused"
    assert refusal(document, stages={"landed", "started"}) == [
        "qualifying.landed_stage：没有“paused”这个阶段"
    ]
