"""Who an investor is: the unified social credit code check and name normalisation.

The credit code check follows GB 32100-2015: 18 characters from a 31-character set (digits and
capitals without I, O, S, V, Z); the 18th is a check character computed from the first 17 with
weights 3^(i-1) mod 31.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {c: i for i, c in enumerate(CODE_CHARS)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def credit_code_check_char(first17):
    total = sum(_VALUES[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CODE_CHARS[(31 - total % 31) % 31]


def clean_credit_code(value):
    """Upper-case, strip spaces and full-width forms, then validate; returns the clean code."""
    code = unicodedata.normalize("NFKC", value or "").strip().upper().replace(" ", "")
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d.")
            % {"n": len(code)},
            code="credit_code_length",
        )
    wrong = sorted({c for c in code if c not in _VALUES})
    if wrong:
        raise ValidationError(
            _("The unified social credit code contains characters that are not allowed: %(chars)s.")
            % {"chars": "".join(wrong)},
            code="credit_code_chars",
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("The unified social credit code's check character is wrong; please check the code."),
            code="credit_code_check",
        )
    return code


def is_valid_credit_code(value):
    try:
        clean_credit_code(value)
    except ValidationError:
        return False
    return True


# Legal-form suffixes that do not distinguish one investor from another.
_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团公司",
    "股份公司",
    "集团",
    "公司",
    "股份",
    "有限",
)
_PROVINCES = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "台湾",
    "香港",
    "澳门",
]
_CITIES = [
    "石家庄",
    "唐山",
    "秦皇岛",
    "邯郸",
    "邢台",
    "保定",
    "张家口",
    "承德",
    "沧州",
    "廊坊",
    "衡水",
    "雄安",
    "深圳",
    "广州",
    "苏州",
    "杭州",
    "南京",
    "宁波",
    "青岛",
    "济南",
    "郑州",
    "武汉",
    "长沙",
    "成都",
    "西安",
    "厦门",
    "无锡",
    "佛山",
    "东莞",
    "大连",
    "沈阳",
    "合肥",
    "福州",
    "温州",
    "常州",
]
_PROVINCE_RE = "|".join(_PROVINCES)
_CITY_RE = "|".join(_CITIES)
_PLACE = re.compile(
    rf"^(?:(?:{_PROVINCE_RE})(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)?)?"
    rf"(?:(?:{_CITY_RE})市?)?"
)
_BRACKETS = re.compile(r"[()（）\[\]【】]")
_SPACE = re.compile(r"\s+")


def normalise_name(name):
    """A key under which spellings of the same investor or project name meet.

    Full-width forms become half-width, brackets and spaces go, leading province and city names
    go, and legal-form suffixes go: "北京中关村科技（集团）有限公司" and "中关村科技集团" meet.
    """
    text = unicodedata.normalize("NFKC", name or "").strip().lower()
    # Again once the spaces are gone: NFKC turns "´" into a space and a combining accent, which
    # then joins the letter before it.
    text = unicodedata.normalize("NFKC", _SPACE.sub("", _BRACKETS.sub("", text)))
    # Place after place ("北京河北钢铁" meets "河北钢铁"), but never the whole name.
    while (stripped := _PLACE.sub("", text, count=1)) and stripped != text:
        text = stripped
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
                # Longest first again: "公司" must not cut "有限责任公司" to "有限责任".
                break
    # NFKC can lengthen some characters; the key column is as long as the name column.
    return text[:120]
