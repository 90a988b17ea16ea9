"""Generate zhaoshang/mechanisms/data/minutes-template.docx, the docxtpl template of the minutes
(会议纪要) of a 一事一议 decision meeting.

Run once (the .docx is committed; clerks then edit it in Word or WPS):

    .venv/bin/python scripts/make_minutes_template.py

The page, fonts and styles are the bulletin's (GB/T 9704-2012, see make_bulletin_template.py),
reused from that script so that both documents keep one layout.
"""

import sys
from pathlib import Path

from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_bulletin_template import body, font_table_fallbacks, page_setup, styles  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "zhaoshang" / "mechanisms" / "data" / "minutes-template.docx"


def build():
    document = Document()
    document.core_properties.author = "招商引资工作领导小组办公室"
    document.core_properties.title = "重大项目一事一议会议纪要"
    document.core_properties.comments = ""
    styles(document)
    page_setup(document)
    font_table_fallbacks(document)
    document.add_paragraph("{{ title }}", style="Title")
    body(document, "{{ number_line }}", style="Bulletin Issuer")
    body(
        document,
        "{{ held_on }}，{{ chair }}{{ place_phrase }}主持召开重大项目一事一议会议，"
        "研究{{ subjects }}。现将会议议定事项纪要如下：",
    )
    body(document, "{%p for item in items %}")
    document.add_paragraph("{{ item.heading }}", style="Heading 1")
    body(document, "{{ item.proposal }}")
    body(document, "会议决定：{{ item.decision }}。{{ item.conditions }}")
    body(document, "{%p if item.stances %}")
    body(document, "与会同志意见：{{ item.stances }}。")
    body(document, "{%p endif %}")
    body(document, "{%p for task in item.tasks %}")
    body(document, "{{ task }}")
    body(document, "{%p endfor %}")
    body(document, "{%p endfor %}")
    body(document, "出席：{{ attendees }}")
    body(document, "{%p if others %}")
    body(document, "列席：{{ others }}")
    body(document, "{%p endif %}")
    body(document, "（{{ issuer }}　{{ issued_on }}）", style="Bulletin Issuer")
    return document


def main():
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    build().save(TARGET)
    sys.stdout.write(f"wrote {TARGET.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
