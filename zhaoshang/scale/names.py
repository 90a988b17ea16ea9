"""Chinese names for generated units, people, investors and projects, unique where the register
needs them to be and the same for the same seed."""

PLACE_CHARS = (
    "安宝北昌成崇丰福阜富广桂海和河恒红洪华怀黄惠吉嘉建江金锦景靖九康兰乐利临灵龙隆鲁马梅美"
    "南宁平普齐祁青清庆泉仁荣瑞三沙山上尚胜石寿顺泗松太泰唐桃天通铜万旺威文武西溪仙祥新兴秀"
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华红玉兰飞鹏辉宇浩然晨轩雪梅建国志新海波"
INDUSTRY_WORDS = (
    "新材料",
    "智能装备",
    "电子信息",
    "生物医药",
    "绿色食品",
    "新能源",
    "汽车零部件",
    "精细化工",
    "现代物流",
    "文旅康养",
    "纺织服装",
    "光伏组件",
    "锂电池",
    "农产品加工",
    "数据中心",
)
PROJECT_SUFFIXES = ("产业园", "生产基地", "扩能", "研发中心", "加工厂", "智能工厂", "综合体")
COMPANY_SUFFIXES = ("有限公司", "股份有限公司", "集团有限公司", "科技有限公司")
CITIES = ("深圳", "上海", "杭州", "苏州", "广州", "北京", "天津", "宁波", "厦门", "成都", "武汉")


def place(index):
    """A two-character place name; 10 000 distinct ones before a number is needed."""
    n = len(PLACE_CHARS)
    first, second = PLACE_CHARS[index % n], PLACE_CHARS[(index // n) % n]
    extra = index // (n * n)
    return f"{first}{second}{extra + 1 if extra else ''}"


def person(rng):
    return (
        rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    )


def investor(rng, serial):
    city, trade = rng.choice(CITIES), rng.choice(INDUSTRY_WORDS)
    return f"{city}{place(serial * 7 + 3)}{trade}{rng.choice(COMPANY_SUFFIXES)}"


def project(rng, serial):
    return f"{place(serial)}{rng.choice(INDUSTRY_WORDS)}{rng.choice(PROJECT_SUFFIXES)}项目"
