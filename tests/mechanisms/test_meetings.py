"""一事一议 decision meetings (MEC-3): agenda for major projects, decisions with conditions,
attendees' positions, follow-up tasks, and the minutes in the bulletin's official layout."""

import datetime as dt
import shutil
import subprocess
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhaoshang.mechanisms import minutes_docx, services_meetings
from zhaoshang.mechanisms.choices import Decision, MeetingStatus, Stance, Topic
from zhaoshang.mechanisms.models import Meeting
from zhaoshang.projects.models import CountySettings

pytestmark = pytest.mark.django_db
TWIP = 635


@pytest.fixture
def major(make_project):
    threshold = CountySettings.current().major_project_threshold
    return make_project(total_investment=threshold * 2, name="沧澜特钢精品板材项目<&>")


@pytest.fixture
def meeting(cast, units, major):
    bureau = cast["bureau_admin"]
    meeting = services_meetings.meeting_save(
        actor=bureau,
        attendees=[cast["bureau_admin"], cast["unit_a_head"]],
        title="2026年第一次重大项目一事一议会议",
        number="第1期",
        held_on=dt.date(2026, 3, 10),
        place="县政府第一会议室",
        chair=cast["leader"],
        others_present="投资方代表",
    )
    item = services_meetings.item_save(
        actor=bureau,
        meeting=meeting,
        project=major,
        topic=Topic.INCENTIVE,
        proposal="申请设备投资补助8%。",
        decision=Decision.CONDITIONAL,
        conditions="与投产进度挂钩。",
    )
    services_meetings.stance_set(
        actor=bureau, item=item, attendee=cast["leader"], stance=Stance.SUPPORT
    )
    services_meetings.stance_set(
        actor=bureau,
        item=item,
        attendee=cast["unit_a_head"],
        stance=Stance.CONDITIONAL,
        remark="分期兑现",
    )
    services_meetings.task_add(
        actor=bureau,
        item=item,
        description="起草补助协议",
        owner_unit=units["zone1"],
        owner=cast["unit_a_staff"],
        deadline=dt.date(2026, 4, 10),
    )
    return meeting


def test_only_major_projects_go_on_the_agenda(cast, make_project):
    meeting = services_meetings.meeting_save(
        actor=cast["bureau_admin"], title="会议", held_on=dt.date(2026, 3, 1), chair=cast["leader"]
    )
    small = make_project(total_investment=1)
    with pytest.raises(ValidationError) as excinfo:
        services_meetings.item_save(
            actor=cast["bureau_admin"],
            meeting=meeting,
            project=small,
            topic=Topic.LAND_PRICE,
            proposal="x",
        )
    assert "project" in excinfo.value.message_dict


def test_a_conditional_decision_needs_its_conditions(cast, meeting):
    item = meeting.items.get()
    with pytest.raises(ValidationError) as excinfo:
        services_meetings.item_save(
            actor=cast["bureau_admin"],
            meeting=meeting,
            item=item,
            decision=Decision.REJECTED,
            conditions="",
        )
    assert "conditions" in excinfo.value.message_dict


def test_only_attendees_take_positions(cast, meeting):
    with pytest.raises(ValidationError):
        services_meetings.stance_set(
            actor=cast["bureau_admin"],
            item=meeting.items.get(),
            attendee=cast["unit_b_staff"],
            stance=Stance.OPPOSE,
        )


def test_only_the_bureau_keeps_meetings(cast, audit_count):
    before = (Meeting.objects.count(), audit_count())
    with pytest.raises(PermissionDenied):
        services_meetings.meeting_save(
            actor=cast["leader"], title="会议", held_on=dt.date(2026, 3, 1), chair=cast["leader"]
        )
    assert (Meeting.objects.count(), audit_count()) == before


def test_a_meeting_is_held_once_every_item_is_decided(cast, meeting, major):
    services_meetings.item_save(
        actor=cast["bureau_admin"],
        meeting=meeting,
        project=major,
        topic=Topic.LAND_PRICE,
        proposal="按最低价出让",
    )
    with pytest.raises(ValidationError) as excinfo:
        services_meetings.meeting_mark_held(actor=cast["bureau_admin"], meeting=meeting)
    assert major.name in " ".join(excinfo.value.messages)
    pending = meeting.items.get(topic=Topic.LAND_PRICE)
    services_meetings.item_save(
        actor=cast["bureau_admin"], meeting=meeting, item=pending, decision=Decision.DEFERRED
    )
    services_meetings.meeting_mark_held(actor=cast["bureau_admin"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    with pytest.raises(ValidationError):
        services_meetings.item_save(
            actor=cast["bureau_admin"], meeting=meeting, item=pending, decision=Decision.APPROVED
        )


def test_the_owner_closes_a_task_and_others_may_not(cast, meeting):
    task = meeting.items.get().tasks.get()
    with pytest.raises(PermissionDenied):
        services_meetings.task_done(actor=cast["unit_b_staff"], task=task, result="x")
    services_meetings.task_done(actor=cast["unit_a_staff"], task=task, result="协议已起草")
    task.refresh_from_db()
    assert task.status == "done"


@pytest.fixture
def minutes(meeting):
    return minutes_docx.render(
        meeting,
        list(meeting.items.all()),
        attendees=list(meeting.attendees.all()),
        issued_on=dt.date(2026, 3, 12),
    )


def test_the_minutes_follow_the_official_layout(minutes):
    document = Document(BytesIO(minutes))
    section = document.sections[0]
    assert abs(section.top_margin - Mm(37)) <= TWIP and abs(section.left_margin - Mm(28)) <= TWIP
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and normal.font.size == Pt(16)
    title = document.styles["Title"].element.rPr.find(qn("w:rFonts"))
    assert title.get(qn("w:eastAsia")) == "方正小标宋简体"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "{" not in text
    assert "重大项目一事一议会议纪要" in text and "第1期" in text
    assert "2026年3月10日，李志强在县政府第一会议室主持召开" in text
    assert "一、沧澜特钢精品板材项目<&>（特殊优惠政策）" in text
    assert "会议决定：附条件同意。与投产进度挂钩。" in text
    assert "吴海涛有条件同意（分期兑现）" in text
    task = "（一）起草补助协议。责任单位：沧澜经济开发区（郑丽娜）；完成时限：2026年4月10日。"
    assert task in text
    assert "列席：投资方代表" in text


def test_the_leader_downloads_the_minutes(client_for, cast, meeting):
    response = client_for(cast["leader"]).get(
        reverse("mechanisms:meeting_minutes", args=[meeting.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == minutes_docx.DOCX_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert Document(BytesIO(response.content)).paragraphs[0].text == "重大项目一事一议会议纪要"


def test_numerals_read_as_in_official_documents():
    assert [minutes_docx.numeral(n) for n in (1, 10, 11, 20, 23)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十三",
    ]


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")),
    reason="LibreOffice and poppler-utils are needed to render the minutes",
)
def test_libreoffice_renders_the_minutes_on_a4(minutes, tmp_path):
    source = tmp_path / "minutes.docx"
    source.write_bytes(minutes)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "minutes.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert "(A4)" in info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "一事一议" in text and "起草补助协议" in text
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages
    keep = shutil.os.environ.get("ZS_KEEP_RENDER")
    if keep:
        shutil.copy(pages[0], keep)
