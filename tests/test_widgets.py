"""QuickSelect writes the same options as Django's own select, only faster."""

import re

from django import forms

from zhaoshang.core.forms import QuickSelect

OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')


class Pick(forms.Form):
    unit = forms.ChoiceField(
        choices=[("", "全部"), ("1", "经开区"), ("2", '城关镇 <&> "A"'), ("3", "三")],
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    grouped = forms.ChoiceField(
        choices=[("乡镇", [("4", "甲"), ("5", "乙")]), ("6", "丙")], widget=QuickSelect
    )


def options(html):
    return OPTION.findall(html)


def test_the_options_selection_and_attributes_match_djangos_select():
    form = Pick({"unit": "2", "grouped": "5"})
    quick = str(form["unit"])
    django_select = forms.Select(
        attrs={"class": "form-select"}, choices=form.fields["unit"].choices
    )
    plain = form["unit"].as_widget(widget=django_select)
    assert options(quick) == options(plain)
    assert ("2", " selected", "城关镇 &lt;&amp;&gt; &quot;A&quot;") in options(quick)
    assert quick.startswith('<select name="unit" class="form-select" id="id_unit" required>')


def test_groups_become_optgroups():
    html = str(Pick({"grouped": "5"})["grouped"])
    assert (
        '<optgroup label="乡镇"><option value="4">甲</option><option value="5" selected>乙' in html
    )
    assert html.endswith('<option value="6">丙</option></select>')
