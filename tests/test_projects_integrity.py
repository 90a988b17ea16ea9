"""Integrity (PRJ-6): credit codes, name matching, suspected repeats, spot checks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.projects import integrity, services
from zhaoshang.projects.choices import FlagStatus
from zhaoshang.projects.identity import (
    CODE_CHARS,
    clean_credit_code,
    credit_code_check_char,
    is_valid_credit_code,
    normalise_name,
)
from zhaoshang.projects.models import RepeatFlag, SpotCheck

pytestmark = pytest.mark.django_db


# --- credit code (GB 32100-2015) -----------------------------------------------------------------


def _valid(first17):
    return first17 + credit_code_check_char(first17)


def test_character_set_excludes_i_o_s_v_z():
    assert len(CODE_CHARS) == 31
    assert not set("IOSVZ") & set(CODE_CHARS)


def test_weights_follow_three_to_the_power_mod_31():
    # 3^0..3^16 mod 31 as listed in the standard.
    from zhaoshang.projects.identity import _WEIGHTS

    assert _WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def test_published_example_code_is_valid():
    # The code printed on the business licence of 国家电网有限公司.
    assert is_valid_credit_code(
        "9111000071093123XX"[:17] + credit_code_check_char("9111000071093123X")
    )


def test_remainder_zero_maps_to_zero():
    # Find a 17-character body whose weighted sum is a multiple of 31.
    for tail in CODE_CHARS:
        body = "9113000000000000" + tail
        total = sum(
            CODE_CHARS.index(c) * w for c, w in zip(body, [pow(3, i, 31) for i in range(17)])
        )
        if total % 31 == 0:
            assert credit_code_check_char(body) == "0"
            break
    else:
        pytest.fail("no body with remainder 0 found")


def test_any_single_change_breaks_the_check():
    code = _valid("91130100MA07L5XK1")
    assert is_valid_credit_code(code)
    for i in range(18):
        for replacement in "0A":
            if code[i] != replacement:
                broken = code[:i] + replacement + code[i + 1 :]
                assert not is_valid_credit_code(broken), broken


def test_cleaning_accepts_lower_case_and_full_width():
    code = _valid("91130100MA07L5XK1")
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())
    assert clean_credit_code(full_width) == code


@pytest.mark.parametrize("bad", ["123", "91130100MA07L5XKIO", "91130100MA07L5XK1" + "?"])
def test_bad_codes_get_a_clear_message(bad):
    with pytest.raises(ValidationError):
        clean_credit_code(bad)


# --- name normalisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b",
    [
        ("北京中关村科技（集团）有限公司", "中关村科技集团"),
        ("河北沧澜钢铁有限责任公司", "沧澜钢铁有限公司"),
        ("上海市华东纺织股份有限公司", "华东纺织"),
        ("深圳 新能源(有限)公司", "深圳新能源有限公司"),
    ],
)
def test_spellings_of_one_investor_meet(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_different_investors_stay_apart():
    assert normalise_name("沧澜钢铁有限公司") != normalise_name("沧澜造纸有限公司")


# --- suspected repeats -------------------------------------------------------------------------


def test_same_investor_in_another_unit_is_flagged(make_project, cast, units):
    old = make_project(investor_name="河北沧澜钢铁集团有限公司", name="沧澜钢铁技改项目")
    new = make_project(
        actor=cast["unit_b_staff"],
        unit=units["town1"],
        investor_name="沧澜钢铁集团（有限）公司",
        name="年产30万吨精品钢项目",
    )
    new.refresh_from_db()
    assert new.suspected_repeat
    flag = RepeatFlag.objects.get(project=new)
    assert flag.earlier == old and "investor" in flag.reasons


def test_similar_project_name_and_same_site_are_flagged(make_project):
    make_project(
        investor_name="甲公司", name="沧澜县年产5万吨食品加工项目", site="经开区纬三路东段"
    )
    new = make_project(
        investor_name="乙公司", name="沧澜县年产5万吨食品深加工项目", site="经开区 纬三路东段"
    )
    reasons = RepeatFlag.objects.get(project=new).reasons
    assert "name_similar" in reasons and "site" in reasons


def test_unrelated_projects_are_not_flagged(make_project):
    make_project(investor_name="甲钢铁公司", name="特种钢项目")
    new = make_project(investor_name="丙生物科技公司", name="生物医药产业园")
    assert not RepeatFlag.objects.filter(project=new).exists()
    assert not new.suspected_repeat


def test_different_needs_a_reason_and_clears_the_flag(make_project, cast):
    make_project(investor_name="河北沧澜钢铁集团有限公司")
    new = make_project(investor_name="沧澜钢铁集团")
    flag = RepeatFlag.objects.get(project=new)
    with pytest.raises(ValidationError):
        integrity.flag_resolve(actor=cast["bureau_admin"], flag=flag, status=FlagStatus.DIFFERENT)
    integrity.flag_resolve(
        actor=cast["bureau_admin"],
        flag=flag,
        status=FlagStatus.DIFFERENT,
        note="同一投资方的二期新项目",
    )
    new.refresh_from_db()
    assert not new.suspected_repeat


def test_rejected_repeat_is_dropped_and_unit_staff_cannot_resolve(make_project, cast):
    make_project(investor_name="河北沧澜钢铁集团有限公司")
    new = make_project(investor_name="沧澜钢铁集团")
    flag = RepeatFlag.objects.get(project=new)
    with pytest.raises(PermissionDenied):
        integrity.flag_resolve(
            actor=cast["unit_a_head"], flag=flag, status=FlagStatus.SAME_REJECTED
        )
    integrity.flag_resolve(
        actor=cast["bureau_admin"], flag=flag, status=FlagStatus.SAME_REJECTED, note="2019年项目"
    )
    new.refresh_from_db()
    assert new.stage.code == "dropped" and new.drop_reason.code == "repeat"
    assert not new.suspected_repeat


def test_merge_moves_evidence_to_the_earlier_project(make_project, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhaoshang.projects.evidence import evidence_add

    old = make_project(investor_name="河北沧澜钢铁集团有限公司")
    new = make_project(investor_name="沧澜钢铁集团")
    evidence_add(
        actor=cast["unit_a_staff"],
        project=new,
        kind="other",
        uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
    )
    integrity.flag_resolve(
        actor=cast["bureau_admin"],
        flag=RepeatFlag.objects.get(project=new),
        status=FlagStatus.SAME_MERGED,
    )
    assert old.evidence.count() == 1
    new.refresh_from_db()
    assert new.drop_reason.code == "merged"


# --- spot checks -------------------------------------------------------------------------------


def _landed(make_project, count):
    from zhaoshang.projects.models import Project, Stage

    landed = Stage.objects.get(code="landed")
    projects = [
        make_project(investor_name=f"投资方{i}", name=f"落地项目{i}号") for i in range(count)
    ]
    # Walking every gate is tested elsewhere; here only the population matters.
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(stage=landed)
    return projects


def test_spot_check_draw_is_reproducible_from_its_seed(make_project, cast):
    _landed(make_project, 12)
    first = integrity.spot_check_draw(actor=cast["bureau_admin"], title="一季度抽查", size=4)
    ids = sorted(first.items.values_list("project_id", flat=True))
    assert len(ids) == 4 and first.population == 12
    again = integrity.spot_check_draw(
        actor=cast["bureau_admin"], title="复核", size=4, seed=first.seed
    )
    assert sorted(again.items.values_list("project_id", flat=True)) == ids


def test_spot_check_outcome_is_recorded(make_project, cast):
    _landed(make_project, 3)
    check = integrity.spot_check_draw(actor=cast["bureau_admin"], title="抽查", size=2, seed=7)
    item = check.items.first()
    with pytest.raises(ValidationError):
        integrity.spot_check_record(actor=cast["bureau_admin"], item=item, outcome="discrepancy")
    integrity.spot_check_record(
        actor=cast["bureau_admin"], item=item, outcome="discrepancy", note="未见厂房"
    )
    item.refresh_from_db()
    assert item.outcome == "discrepancy" and item.checked_by == cast["bureau_admin"]


def test_unit_staff_cannot_draw_spot_checks(make_project, cast):
    _landed(make_project, 3)
    with pytest.raises(PermissionDenied):
        integrity.spot_check_draw(actor=cast["unit_a_staff"], title="x", size=1)
    assert not SpotCheck.objects.exists()


def test_services_flag_on_edit_too(make_project, cast):
    make_project(investor_name="河北沧澜钢铁集团有限公司")
    new = make_project(investor_name="完全不同的投资方")
    assert not new.suspected_repeat
    new = services.project_update(
        actor=cast["unit_a_staff"], project=new, investor_name="沧澜钢铁集团"
    )
    assert new.suspected_repeat


def test_a_repeat_in_production_can_still_be_rejected(make_project, cast, ref):
    from zhaoshang.projects.models import Project, Stage

    make_project(investor_name="河北沧澜钢铁集团有限公司")
    new = make_project(investor_name="沧澜钢铁集团")
    Project.objects.filter(pk=new.pk).update(stage=Stage.objects.get(code="producing"))
    with pytest.raises(PermissionDenied):
        services.project_advance_stage(
            actor=cast["unit_a_staff"],
            project=new,
            to_stage=ref.stage("dropped"),
            drop_reason=ref.reason("repeat"),
        )
    integrity.flag_resolve(
        actor=cast["bureau_admin"],
        flag=RepeatFlag.objects.get(project=new),
        status=FlagStatus.SAME_REJECTED,
        note="2019年已投产的老项目",
    )
    new.refresh_from_db()
    assert new.stage.code == "dropped"
