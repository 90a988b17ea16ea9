"""The minutes (会议纪要) of a decision meeting as a Word document, from the docxtpl template
made by ``scripts/make_minutes_template.py`` in the bulletin's official layout."""

from io import BytesIO
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate

from zhaoshang.mechanisms.choices import Decision, ItemStatus

TEMPLATE = Path(__file__).resolve().parent / "data" / "minutes-template.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMERALS = "一二三四五六七八九十"


def numeral(n):
    """1 → 一, 12 → 十二, 20 → 二十: how official documents number their parts."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return f"{head}十{NUMERALS[ones - 1] if ones else ''}"


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def person(user):
    return user.full_name or user.username


def _item(index, item):
    stances = "；".join(
        f"{person(s.attendee)}{s.get_stance_display()}" + (f"（{s.remark}）" if s.remark else "")
        for s in item.stances.all()
    )
    tasks = [
        _("(%(n)s) %(task)s. Owner: %(unit)s%(person)s; deadline %(deadline)s%(state)s.")
        % {
            "n": numeral(number),
            "task": task.description.rstrip("。."),
            "unit": task.owner_unit.name,
            "person": f"（{person(task.owner)}）" if task.owner_id else "",
            "deadline": chinese_date(task.deadline),
            "state": _(", done") if task.status == ItemStatus.DONE else "",
        }
        for number, task in enumerate(item.tasks.all(), start=1)
    ]
    return {
        "heading": f"{numeral(index)}、{item.project.name}（{item.get_topic_display()}）",
        "proposal": item.proposal,
        "decision": item.get_decision_display()
        if item.decision != Decision.PENDING
        else _("not yet decided"),
        "conditions": item.conditions,
        "stances": stances,
        "tasks": tasks,
    }


def context(meeting, items, *, attendees, issuer=None, issued_on=None):
    issued_on = issued_on or timezone.localdate()
    names = "、".join(person(u) for u in attendees)
    return {
        "title": _("Minutes of the decision meeting on major projects"),
        "number_line": meeting.number or meeting.title,
        "held_on": chinese_date(meeting.held_on),
        "chair": person(meeting.chair),
        "place_phrase": _(" at %(place)s") % {"place": meeting.place} if meeting.place else "",
        "subjects": "、".join(dict.fromkeys(i.project.name for i in items)) or _("no project"),
        "items": [_item(index, item) for index, item in enumerate(items, start=1)],
        "attendees": names or "—",
        "others": meeting.others_present,
        "issuer": issuer or _("Office of the county investment promotion leading group"),
        "issued_on": chinese_date(issued_on),
    }


def render(meeting, items, *, attendees, issuer=None, issued_on=None):
    document = DocxTemplate(TEMPLATE)
    # Names, proposals and conditions are user text: escaped so they cannot break the XML.
    document.render(
        context(meeting, items, attendees=attendees, issuer=issuer, issued_on=issued_on),
        autoescape=True,
    )
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
