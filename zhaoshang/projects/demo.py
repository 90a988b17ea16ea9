"""Demo projects for the demo county: about 300 projects registered from January 2021 until
today, across the units, industries, source regions and stages of the speech.

Every project goes through the services as the unit's own staff (or the bureau, where a unit has
no account) with historic times, stage by stage, so that each gate is met with real fields and
files and the timeline reads like a real county's ledger: some projects stall, some are paused
or dropped with a reason, a few old projects come back registered as new ones (the integrity
check must catch them) and a few came in as cadres' leads.

What the projects are (names, investors, units, amounts) is drawn from ``Random(2026)`` before
any date is, so the same projects come out whatever day the seed runs; their dates are laid out
backwards from today.
"""

import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from random import Random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz, process

from zhaoshang.orgs import demo as org_demo
from zhaoshang.orgs.models import Unit, User
from zhaoshang.projects import services, settings_services
from zhaoshang.projects.choices import EvidenceKind
from zhaoshang.projects.evidence import evidence_add
from zhaoshang.projects.identity import CODE_CHARS, credit_code_check_char, normalise_name
from zhaoshang.projects.integrity import SIMILAR
from zhaoshang.projects.models import DropReason, Platform, Project, Stage
from zhaoshang.reference.models import IndustryDivision, Region, StrategicField

SEED = 2026
FIRST_DAY = date(2021, 1, 4)

# How many projects end in each stage (the shares of the issue, for 300 projects).
STAGE_COUNTS = {
    "negotiating": 75,
    "signed": 36,
    "approving": 30,
    "landed": 36,
    "started": 45,
    "producing": 42,
    "paused": 15,
    "dropped": 21,
}
PIPELINE = ("negotiating", "signed", "approving", "landed", "started", "producing")
OPEN = PIPELINE[:-1]
# Share of the projects now in production that landed in 2025, the year whose ranking the
# assessment demo publishes, and the span their landing falls in.
ASSESSED_SHARE = 0.6
ASSESSED_LANDINGS = (date(2025, 1, 6), date(2025, 11, 28))
LANDED = PIPELINE[3:]
# Days a project spends before each step; historic steps may well exceed the dwell limits.
GAPS = {
    "signed": (20, 240),
    "approving": (7, 60),
    "landed": (30, 180),
    "started": (15, 120),
    "producing": (150, 540),
    "paused": (10, 90),
    "resume": (60, 600),
    "dropped": (20, 300),
}
STALLED_SHARE = 0.12
VERIFIED_SHARE = 0.85
HISTORIC_PAUSE_SHARE = 0.2  # open and producing projects that were once paused and resumed
CREDIT_SPLITS = 2
DROP_FROM = {"negotiating": 50, "signed": 20, "approving": 17, "landed": 5, "paused": 8}
PAUSE_FROM = {"negotiating": 45, "signed": 25, "approving": 30}


def _rows(text):
    """The whitespace-separated rows of a text table; ``#`` starts a comment line."""
    return [line.split() for line in text.strip().splitlines() if not line.startswith("#")]


def _table(text):
    """``key value value…`` rows as a dict; a key may continue on the next rows."""
    rows = {}
    for key, *values in _rows(text):
        rows.setdefault(key, []).extend(values)
    return rows


# The industries of the speech on GB/T 4754-2017 divisions, with the strategic emerging field
# (- for none), investment in 万元, land in 亩, the chance of a major project and investor words.
_INDUSTRIES = """
steel        31     -  8000-45000  60-400    0.20  特钢 钢铁 金属 钢管 钢材
paper        22     -  5000-40000  50-300    0.05  纸业 包装 纸品
thermal      44     -  10000-45000 30-200    0.25  热电 能源 热力
textile      17     -  3000-30000  30-200    0.02  纺织 棉纺 纱业 家纺
agrimach     35     -  3000-30000  40-200    0.02  农机 农业装备 机械
food         13,14  -  2000-30000  20-150    0.03  食品 粮油 食品科技
pig          03     -  3000-30000  100-600   0.02  牧业 农牧 养殖
broiler      03     -  2000-20000  50-400    0.02  禽业 家禽 牧业
dairy        03     -  5000-40000  200-1000  0.03  乳业 牧业 奶业
fruitveg     01     -  2000-15000  200-2000  0.00  农业 果蔬 农业科技
seafood      04,13  -  2000-20000  50-600    0.02  水产 海洋食品 渔业
equipment    34,35  2  5000-45000  40-300    0.04  重工 机械 智能装备 装备
electronics  39     1  8000-45000  30-200    0.08  电子 微电子 光电 电子科技
newmat       30,26  3  5000-45000  30-250    0.06  新材料 材料科技 新材
newenergy    44,38  6  8000-45000  50-1500   0.10  新能源 光伏 储能 能源科技
biomed       27     4  5000-40000  30-200    0.05  药业 生物 医药科技 生物科技
envirotech   42,77  7  3000-30000  20-200    0.03  环保 环境科技 再生资源 环境
tourism      88,61  -  3000-45000  20-800    0.06  文旅 旅游发展 文化旅游 文化
logistics    59,60  -  3000-35000  30-300    0.05  物流 供应链 冷链物流
ecommerce    64,51  -  2000-20000  0-60      0.02  电子商务 网络科技 数字科技 商贸
"""
# Products as verb|unit|product|division: no verb names a facility (with its size, if a unit
# is given); the division defaults to the industry's first.
_PRODUCTS = """
steel        年产|万吨|高端特钢棒材 年产|万吨|精密冷拔无缝钢管 年产|万吨|汽车用冷轧薄板
steel        年产|万吨|预应力钢绞线 年产|万吨|热镀锌钢丝 年产|万吨|螺旋焊接钢管
steel        年产|万吨|不锈钢精密带钢 年产|万吨|轴承钢连铸坯 年产|万吨|彩涂钢板
steel        年产|万吨|热轧H型钢 年产|万吨|冷轧硅钢片 年产|万吨|铁精粉球团
steel        年产|万吨|装配式钢结构构件|33 年产|万吨|高强度紧固件|33
paper        年产|万吨|高档包装纸板 年产|万吨|生活用纸 年产|万吨|文化用纸 年产|万吨|特种纸
paper        年产|万吨|食品级纸杯原纸 年产|亿平方米|瓦楞纸箱 年产|万吨|废纸再生浆
paper        年产|万吨|纸浆模塑餐具 年产|万吨|装饰原纸 年产|万吨|热敏纸
thermal      ||热电联产机组扩建 ||集中供热管网延伸 ||背压式热电机组 ||燃气冷热电三联供
thermal      ||余热余压发电 ||清洁取暖改造 ||工业园区蒸汽供应
textile      年产|万锭|紧密纺高支纱线 年产|吨|涡流纺纱线 年产|吨|色纺纱 年产|万米|高档棉织面料
textile      年产|万米|功能性家纺面料 年产|吨|竹纤维混纺纱 年产|万条|毛巾浴巾
textile      年产|万锭|赛络纺精梳纱线 年产|万米|牛仔面料
agrimach     年产|台|大马力拖拉机 年产|台|玉米联合收获机 年产|台|植保无人机 年产|台|精量播种机
agrimach     年产|台|秸秆打捆机 年产|台|青贮饲料收获机 年产|套|智能灌溉设备 年产|台|花生收获机
agrimach     年产|台|深松整地机 年产|台|谷物烘干机
food         年产|万吨|速冻调理食品|14 年产|万吨|精炼花生油 年产|万吨|面粉及挂面
food         年产|万吨|休闲食品|14 年产|万吨|冷冻水饺|14 年产|万吨|肉制品深加工
food         年产|万吨|玉米淀粉 年产|万吨|饲料 年产|万吨|调味品|14 年产|万吨|方便米饭|14
food         年产|万吨|烘焙食品|14 年产|万吨|预制菜|14 年产|万吨|果蔬罐头|14
pig          年出栏|万头|生猪标准化养殖 年出栏|万头|种猪繁育 年出栏|万头|楼房养猪
pig          年出栏|万头|仔猪繁育 年屠宰|万头|生猪屠宰分割|13
broiler      年出栏|万只|白羽肉鸡养殖 年出栏|万只|肉鸡立体笼养 年产|万套|父母代种鸡
broiler      年孵化|万羽|肉种鸡孵化 年屠宰|万只|肉鸡屠宰分割|13
dairy        存栏|头|奶牛规模化牧场 存栏|头|荷斯坦奶牛养殖 存栏|头|奶牛智慧牧场
dairy        年产|万吨|低温鲜奶|14 年产|万吨|奶酪|14
fruitveg     |亩|设施蔬菜大棚 |亩|冬枣提质增效 |亩|梨果标准化种植 |亩|食用菌工厂化栽培
fruitveg     |亩|草莓采摘园 |亩|智能温室番茄 |亩|蔬菜集约化育苗
seafood      |亩|工厂化对虾养殖 |亩|海参育苗 年产|万吨|海产品精深加工|13
seafood      年产|万吨|冷冻鱼糜制品|13 |亩|贝类增养殖 |亩|南美白对虾标粗
seafood      年产|万吨|虾仁调理食品|13 |亩|盐碱地水产养殖
equipment    年产|台|工业机器人 年产|台套|数控机床 年产|台|矿山智能装备|35 年产|台|液压支架|35
equipment    年产|万件|高端液压泵阀 年产|台|螺杆压缩机 年产|台|智能物流分拣装备
equipment    年产|套|风电齿轮箱 年产|台|冶金专用设备|35 年产|台|增材制造装备
equipment    年产|台套|环保成套设备|35
electronics  年产|万平方米|柔性电路板 年产|万片|半导体功率器件 年产|万只|光通信模块
electronics  年产|万台|智能终端 年产|万平方米|高密度印制电路板 年产|万套|汽车电子控制单元
electronics  年产|万只|智能传感器 年产|万片|LED显示模组 年产|万台|服务器整机
electronics  年产|万套|5G基站射频器件 年产|万片|液晶显示模组
newmat       年产|万吨|碳纤维复合材料 年产|万平方米|超薄电子玻璃 年产|万吨|岩棉保温材料
newmat       年产|吨|石墨烯导电浆料|26 年产|万吨|高性能玻璃纤维 年产|吨|特种陶瓷
newmat       年产|万吨|聚氨酯新材料|26 年产|万吨|生物可降解塑料|26 年产|吨|高纯氧化铝|26
newmat       年产|万平方米|光伏压延玻璃 年产|万吨|锂电池正极材料|26 年产|吨|二氧化硅气凝胶
newenergy    |兆瓦|渔光互补光伏发电 |兆瓦|风力发电 年产|GWh|储能电池|38 |兆瓦|生物质发电
newenergy    |兆瓦|盐光互补光伏发电 年产|万台|智能充电桩|38 |兆瓦|屋顶分布式光伏
newenergy    |万千瓦|风光储一体化 年产|万台|光伏逆变器|38 年产|吨|绿氢制备
biomed       年产|吨|原料药 年产|亿片|口服固体制剂 年产|吨|中药饮片 年产|万支|注射剂
biomed       年产|万头份|兽用疫苗 年产|吨|植物提取物 年产|万人份|体外诊断试剂
biomed       年产|吨|医药中间体 年产|吨|益生菌制剂
envirotech   年处理|万吨|工业固废资源化利用 年处理|万吨|废旧轮胎再生 年处理|万吨|建筑垃圾再生
envirotech   年加工|万吨|废钢加工配送 年处理|万吨|工业污泥处置|77 年处理|万吨|餐厨垃圾处理|77
envirotech   年处理|万吨|废旧锂电池回收 年处理|万吨|钢渣综合利用 年处理|万吨|危险废物处置|77
envirotech   年处理|万吨|秸秆综合利用
tourism      ||滨海渔村民俗旅游 ||古镇文化街区 ||温泉康养度假酒店|61 ||生态研学营地
tourism      ||非遗文化产业园 ||乡村民宿集群|61 ||房车露营基地|61 ||影视文化基地
tourism      ||星级商务酒店|61 ||湿地生态旅游 ||文化创意街区 ||休闲垂钓中心 ||书画艺术小镇
tourism      ||滨海度假酒店|61 ||海洋科普馆
logistics    ||冷链物流园 ||快递分拨中心|60 ||公铁联运物流港 ||农产品冷链仓储 ||钢材物流配送中心
logistics    ||智慧仓储中心 ||电商快递产业园|60 ||港口物流园 ||粮食仓储物流 ||保税物流中心
logistics    ||城乡配送中心 ||汽车物流基地 ||大宗散货物流园
ecommerce    ||跨境电商产业园|51 ||农产品直播电商基地 ||电商供应链中心|51 ||数字经济产业园
ecommerce    ||直播电商孵化基地 ||钢材电商交易平台 ||县域电商公共服务中心 ||网络货运平台
ecommerce    ||大宗商品交易中心|51 ||工业互联网平台 ||跨境电商海外仓|51 ||数字乡村服务平台
ecommerce    ||农村电商物流配送中心 ||电商人才实训基地
"""
_CAPACITY = """
万吨 3 5 8 10 12 15 20 30
亿平方米 1 2 3
万锭 5 10 20
吨 500 1000 2000 3000 5000
万米 1000 2000 3000 5000
万条 500 1000
台 500 1000 2000 3000 5000
套 1000 2000 5000
台套 200 500 800
万件 30 50 100
万头 2 3 5 10
万只 50 100 200 300
万套 10 30 50
万羽 1000 2000
头 1000 2000 3000 5000
亩 300 500 800 1000 2000
兆瓦 20 50 100 200
GWh 1 2 5
万千瓦 10 20 30
万台 5 10 20 50
万平方米 30 50 100 200
万片 500 1000 3000
亿片 5 10 20
万支 1000 3000 5000
万头份 5000 10000
万人份 500 1000 2000
"""
AGRI = ("pig", "broiler", "dairy", "fruitveg", "seafood")
TEMPLATES = {
    "make": (
        "{cap}{product}项目",
        "{product}生产基地项目",
        "{product}智能化生产线项目",
        "新建{product}生产线项目",
    ),
    "sized": ("{cap}{product}项目", "{place}{product}项目"),
    "facility": ("{place}{product}项目",),
}

# Claiming units: weight, source-region mix, industries.
_UNITS = """
zone1         34  mixed  steel paper thermal equipment agrimach newmat envirotech food
zone1-office  4   mixed  equipment newmat electronics
zone2         30  mixed  electronics biomed newmat newenergy equipment envirotech
new-district  22  mixed  tourism logistics ecommerce newenergy
town1         9   near   food textile logistics ecommerce fruitveg
town2         7   near   seafood logistics tourism food
town3         6   near   pig broiler food agrimach
town4         7   near   textile food fruitveg
town5         6   near   dairy food fruitveg
town6         6   near   fruitveg pig broiler
town7         6   near   agrimach textile food
town8         7   near   seafood tourism newenergy
town9         5   near   broiler pig fruitveg
town10        5   near   fruitveg tourism dairy
town11        5   near   pig dairy food
town12        5   near   textile agrimach fruitveg
bj-group      20  jj     electronics equipment newmat biomed ecommerce envirotech newenergy
sh-group      15  csj    electronics equipment newmat biomed ecommerce newenergy
gz-group      13  prd    electronics newenergy ecommerce food equipment
fgw           6   mixed  newenergy thermal envirotech
gxj           8   mixed  steel equipment electronics paper textile
swj           6   mixed  ecommerce logistics food
nync          8   near   pig broiler dairy fruitveg seafood food
wlj           4   mixed  tourism
zrzy          2   mixed  logistics newmat
sthj          2   mixed  envirotech
zjj           2   mixed  newmat logistics
czj           2   mixed  food equipment
zsj           6   mixed  electronics equipment newmat newenergy biomed envirotech
"""
# Source regions (GB/T 2260 or ISO 3166) with weights: the resident groups work their own
# region; the rest draw mostly from 京津冀, then 长三角, 珠三角, other provinces, a few abroad.
_REGION_MIX = """
jj     11:55 12:25 13:20
csj    31:40 32:30 33:25 34:5
prd    44:85 81:15
near   13:45 11:12 12:10 37:15 41:6 21:4 15:4 32:4
mixed  11:14 12:8 13:22 31:5 32:7 33:5 44:6 37:9 41:4 21:3 14:2 51:2 42:2 35:2
mixed  KR:3 JP:2 SG:2 DE:2
"""
_CITIES = """
11 北京
12 天津
13 唐山 沧州 石家庄 保定 廊坊 邯郸 衡水 河北
31 上海
32 苏州 无锡 常州 南京 江苏
33 杭州 宁波 温州 浙江
34 合肥 安徽
44 深圳 广州 佛山 东莞 广东
81 香港
37 青岛 济南 潍坊 山东
41 郑州 河南
21 大连 沈阳
14 太原 山西
51 成都 四川
42 武汉 湖北
35 厦门 福建
15 内蒙古
KR 韩国
JP 日本
SG 新加坡
DE 德国
"""
_BRANDS = """
cn 华茂 恒信 鑫达 金鼎 中瑞 汇通 瑞丰 泰和 宏远 盛鑫 永泰 德润 天成 嘉禾 凯盛 博远 润华 海诺
cn 中晟 冀东 鼎盛 鸿基 金泰 华晟 融通 正阳 启元 锦程 明德 盛源 通达 丰泽 兴华 佳禾 裕丰 昌盛
cn 广益 聚鑫 恒远 安泰 新源 祥瑞 同创 合力 东方 泰昌 华越 弘毅 信诚 德力 益民 瑞祥 宏达 久安
cn 隆泰 亨通 汇鑫 鑫源 鸿泰 金洋 天瑞 华信 万通 嘉诚 顺达 兴隆 宏图 瑞恒 正弘 远帆 海川 晟达
cn 奥瑞 宇盛 骏丰 华屹 天泽 昊天 泓源 卓越 蓝海 绿源 青禾 翔宇 金穗 星河 北辰 鼎晟 坤元 乾元
cn 鑫海 盛世 恒泰 国泰 宏业 金誉 御丰 禾丰 沃土 田园 丰年 瑞和 嘉润 普惠 康达 仁和 济民 百草
cn 博瑞 东辰 凯瑞 和信 融创 中博 中天 方圆 明阳 光华 春晖 朝阳 晨曦 海晏 金桥 长风 伟业 立诚
cn 睿达 华腾 天诚 中鼎 恒盛 聚力 同心 鼎新 铭泰 宏昌 瑞通 旭日 国瑞 中泽 鑫盛 科达 永兴 智联
KR 世元 东和 韩一 晓林 大成 新亚
JP 丸和 东洋 山田 大和 三和 北川
SG 丰源 亚太 星洲 南洋
DE 克劳斯 博格 施密特 汉斯 莱茵
"""
FORMS = ("有限公司", "有限公司", "集团有限公司", "股份有限公司", "实业有限公司")
FOREIGN_FORMS = {"KR": "株式会社", "JP": "株式会社", "SG": "私人有限公司", "DE": "有限公司"}
FOREIGN_FUNDS = frozenset(FOREIGN_FORMS) | {"81"}  # 港资 counts as foreign investment too
USD_RATE = Decimal("7.1")

# Where units that build nothing themselves see their projects built, by industry.
_LANDING = """
zone1-office zone1
steel zone1
paper zone1 town7
thermal zone1 new-district
agrimach zone1 town7 town12
equipment zone1 zone2
envirotech zone1 zone2
newmat zone2 zone1
electronics zone2
biomed zone2
newenergy zone2 new-district town8
tourism new-district town8 town10
logistics new-district town1
ecommerce new-district town1
food town1 town4 town5 zone1
textile town4 town7 town12
pig town3 town6 town11
broiler town3 town9
dairy town5 town11
fruitveg town6 town10
seafood town2 town8
"""
BUILDERS = ("zone1", "zone2", "new-district")
PLACES = {"zone1": "经开区", "zone2": "高新区", "new-district": "临港新区"} | {
    code: name for code, name, _short, kind, _parent in org_demo.UNITS if kind == "township"
}
PLATFORMS = [
    # code, name, managing unit
    ("zone1", "沧澜经济开发区", "zone1"),
    ("zone2", "沧澜高新技术产业开发区", "zone2"),
    ("new-district", "沧澜临港新区", "new-district"),
    ("iron-chain", "铁矿上下游产业园", "zone1"),
    ("agri-park", "沧澜现代农业产业园", "nync"),
    ("port-logistics", "临港现代物流园", "new-district"),
]
NUMERALS = "一二三四五六七八九十"
_AVENUES = """
zone2         沧澜高新区    科创大道 创新路 智谷路 光明路 新材路 电子城路 兴业路
new-district  沧澜临港新区  港城大道 滨海路 观澜路 海湾路 物流大道 渤海路 临港路
"""
VILLAGE = ("东西南北前后大小", "王李张刘杨赵孙周马高徐陈", ("庄", "村", "营", "屯", "官庄"))
LOCAL_AREA_CODE = "130931"  # the demo county's administrative division in credit codes
LOCAL_PROVINCE = "13"

# Who does the work: a unit's own staff, else the bureau; and who forms the project team
# (PRJ-5) of a lead unit: its project manager and project assistant.
ACTORS = {
    "zone1": "zone1_staff",
    "zone1-office": "zone1_staff",
    "zone2": "zone2_staff",
    "new-district": "nd_staff",
    "town1": "town1_staff",
    "bj-group": "bj_group_staff",
    "sh-group": "sh_group_staff",
    "gz-group": "gz_group_staff",
    "zsj": "zsj_staff",
}
BUREAU = "bureau_admin"
TEAMS = {
    "zone1": ("zone1_head", "zone1_staff"),
    "zone2": ("zone2_staff", "zone2_aide"),
    "new-district": ("nd_staff", "nd_aide"),
    "town1": ("town1_staff", "town1_aide"),
    "bj-group": ("bj_group_staff", "bj_group_aide"),
    "sh-group": ("sh_group_staff", "zsj_aide"),
    "gz-group": ("gz_group_staff", "zsj_aide"),
}
BUREAU_TEAM = ("zsj_staff", "zsj_aide")
LEADERS = ("county_leader", "county_leader", "county_leader2")

_NEXT_ACTIONS = """
negotiating 邀请投资方来县实地考察选址 向投资方提供选址方案和优惠政策清单
negotiating 赴投资方总部开展第二轮洽谈 就投资协议主要条款再次磋商 提交项目领导小组综合审定
negotiating 组织发改、自规等部门与投资方对接 跟进投资方董事会决策进展
signed      督促投资方注册项目公司 办理项目立项备案 对接自规局落实用地指标
signed      协调编制项目可行性研究报告 组织项目领导小组综合审定
approving   办理环评审批手续 完成节能审查 办理建设用地规划许可证 组织土地挂牌出让
approving   督促首期资金到位 办理不动产权证书
landed      办理建筑工程施工许可证 完成场地三通一平 完成施工图设计审查
landed      确定施工单位并组织进场 筹备项目开工仪式
started     协调解决施工临时用电 督促加快主体工程建设进度 组织设备采购及进场安装
started     协调解决施工用工问题 组织试生产前安全验收 推进厂区配套道路建设
"""
_STEP_NOTES = """
signed     签订正式投资合同 在全县重点项目集中签约活动上签约 经项目领导小组综合审定后签约
approving  进入审批程序，行政审批局开辟绿色通道 立项备案完成，转入审批阶段
landed     项目公司注册完成，土地摘牌，首期资金到位 项目公司设立，标准厂房落实，资金到位
started    项目正式开工建设 举行开工仪式，施工单位进场
producing  项目建成投产 完成试生产，正式投产
resume     暂缓原因消除，恢复推进 投资方确认继续投资，恢复推进
"""
PAUSE_REASONS = (
    "投资方融资计划调整，待资金落实后重启",
    "等待国土空间规划调整，用地暂无法落实",
    "受区域环评限批影响，待指标下达",
    "投资方内部决策程序延后",
    "等待上级能耗指标下达",
    "原材料价格大幅波动，投资方暂缓决策",
)
PAUSE_NOTE = "经与投资方协商，项目暂缓推进"
PAUSE_NEXT_ACTION = "到期回访投资方，研究恢复推进"
DROP_NOTES = {
    "funds": "投资方资金链紧张，经多次协调仍无法落实",
    "land": "选址地块涉及永久基本农田，无法调整",
    "environment": "项目能耗强度超出区域控制要求",
    "policy": "项目属于限制类产能，不符合产业政策",
    "investor": "投资方战略调整，放弃本次投资",
    "competition": "项目被周边县区以更优条件引走",
    "approval": "关键审批手续长期无法办结",
    "terms": "投资方要求的优惠条件超出我县政策范围",
    "other": "投资方实际控制人变更，项目终止",
}

# Old projects registered again as new ones (PRJ-6, "拿以前的老项目充数"): an original of
# 2021–2022, then its repeat of 2025–2026 under the same investor spelled differently, the same
# enterprise, the same site or a near-identical name. The integrity check must flag each repeat.
_PLANTED = """
# key:role        unit          industry div region final       registered between     extra
steel:original    zone1         steel    31  13  producing    2021-03-08 2021-05-28
steel:repeat      gxj           steel    31  13  signed       2025-04-01 2025-09-30
food:original     town4         food     14  37  producing    2021-08-02 2021-11-30
food:repeat       town5         food     14  13  negotiating  2026-08-20 2026-10-30 same-enterprise
textile:original  town1         textile  17  13  dropped      2022-02-14 2022-05-31 approving funds
textile:repeat    town1         textile  17  32  negotiating  2025-03-03 2025-06-30
cathode:original  zone2         newmat   26  11  producing    2021-06-01 2021-09-30
cathode:repeat    bj-group      newmat   26  11  signed       2026-02-02 2026-06-30
resort:original   new-district  tourism  88  12  dropped      2022-04-06 2022-08-31 signed terms
resort:repeat     wlj           tourism  88  12  negotiating  2025-05-06 2025-09-30
"""
# key:role, investor, project name (and site, where the site is what repeats)
_PLANTED_NAMES = """
steel:original    河北津冀钢铁集团有限公司 年产20万吨精密冷拔无缝钢管项目
steel:repeat      津冀钢铁集团（有限）公司 高端无缝钢管精深加工项目
food:original     山东鲁盛食品有限公司 年产5万吨速冻调理食品项目
food:repeat       沧澜鲁盛食品有限公司 鲁盛预制菜中央厨房项目
textile:original  石家庄恒达纺织有限公司 年产3000吨色纺纱项目
textile:original  城关镇工业园区纬二路北侧（原华昌纺织厂址）
textile:repeat    江苏锦纶纺织科技有限公司 高档棉织面料生产项目
textile:repeat    城关镇工业园区纬二路北侧（原华昌纺织厂址）
cathode:original  北京中科瑞达新材料科技有限公司 年产1万吨锂电池正极材料项目
cathode:repeat    中科瑞达新材料科技股份有限公司 年产1万吨锂电池正极材料（二期）项目
resort:original   天津海晟文旅发展有限公司 沧澜湾滨海文化旅游度假区项目
resort:repeat     天津海晟文化旅游集团有限公司 沧澜湾滨海文化旅游度假区项目
"""
# Leads a cadre brought (ORG-2): the unit to follow up, industry, division, region, 万元,
# investor and name.
_LEADS = """
town3         envirotech 42 37 3000 山东绿能生物质科技有限公司 生物质颗粒燃料加工项目
town6         logistics  59 11 4500 北京鲜达供应链管理有限公司 蔬菜冷库及分拣配送中心项目
zone1         envirotech 43 12 8000 天津博创汽车零部件有限公司 汽车零部件再制造项目
new-district  tourism    88 11 6000 北京青禾教育科技有限公司 青少年研学旅行营地项目
"""
LEAD_REPORTER = "cadre1"
LEAD_NEXT_ACTION = "联系投资方负责人，约请来县实地考察"
LEAD_DESCRIPTION = "干部走访企业时获悉投资方有来县投资意向，已转交属地单位跟进对接。"


@dataclass(frozen=True)
class Industry:
    divisions: tuple
    field: str | None
    invest: tuple
    land: tuple
    major: float
    words: tuple
    products: tuple


def _span(text):
    low, high = text.split("-")
    return int(low), int(high)


def _industries():
    products = _table(_PRODUCTS)
    industries = {}
    for key, (divisions, field_code, invest, land, major, *words) in _table(_INDUSTRIES).items():
        industries[key] = Industry(
            divisions=tuple(divisions.split(",")),
            field=None if field_code == "-" else field_code,
            invest=_span(invest),
            land=_span(land),
            major=float(major),
            words=tuple(words),
            products=tuple(products[key]),
        )
    return industries


INDUSTRIES = _industries()
CAPACITY = {unit: tuple(map(int, sizes)) for unit, sizes in _table(_CAPACITY).items()}
UNITS = {
    code: (int(weight), mix, tuple(industries))
    for code, (weight, mix, *industries) in _table(_UNITS).items()
}
REGION_MIX = {
    mix: {code: int(weight) for code, weight in (pair.split(":") for pair in pairs)}
    for mix, pairs in _table(_REGION_MIX).items()
}
CITIES = _table(_CITIES)
BRANDS = _table(_BRANDS)
LANDING = _table(_LANDING)
NEXT_ACTIONS = _table(_NEXT_ACTIONS)
STEP_NOTES = _table(_STEP_NOTES)
AVENUES = {code: (prefix, roads) for code, (prefix, *roads) in _table(_AVENUES).items()}
PLANTED_NAMES = _table(_PLANTED_NAMES)
PLANTED = [(*row[0].split(":"), *row[1:]) for row in _rows(_PLANTED)]
MARKER = PLANTED_NAMES[PLANTED[0][0] + ":" + PLANTED[0][1]][1]  # the first demo project
LEADS = _rows(_LEADS)


def _pdf(title):
    """A one-page PDF any reader opens, titled in ASCII (the base fonts have no Chinese)."""
    text = f"BT /F1 16 Tf 72 760 Td ({title}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _jpeg(width=64, height=48):
    """A baseline JFIF JPEG of one grey: every 8×8 block says 'no change, end of block'."""
    one_code = b"\x01" + b"\x00" * 15 + b"\x00"  # Huffman table: one 1-bit code, for symbol 0
    return b"".join(
        [
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
            b"\xff\xdb\x00\x43\x00" + b"\x01" * 64,
            b"\xff\xc0\x00\x0b\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big"),
            b"\x01\x01\x11\x00",
            b"\xff\xc4\x00\x14\x00" + one_code + b"\xff\xc4\x00\x14\x10" + one_code,
            b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00",
            b"\x00" * (2 * (width // 8) * (height // 8) // 8),
            b"\xff\xd9",
        ]
    )


FILES = {
    EvidenceKind.CONTRACT: ("投资合同.pdf", "Investment contract"),
    EvidenceKind.BUSINESS_LICENSE: ("营业执照.jpg", None),
    EvidenceKind.LAND: ("土地成交确认书.pdf", "Land transaction confirmation"),
    EvidenceKind.FUNDS: ("资金到位证明.pdf", "Proof of funds in place"),
    EvidenceKind.SITE_PHOTO: ("施工现场照片.jpg", None),
    EvidenceKind.PRODUCTION: ("投产验收报告.pdf", "Production acceptance report"),
}


@dataclass
class Plan:
    """One demo project as drawn, before anything is written."""

    unit: str
    landing: str
    industry: str
    division: str
    region: str
    investor: str
    name: str
    final: str
    invest: Decimal = Decimal(0)
    land: Decimal = Decimal(0)
    site: str = ""
    platform: str = ""
    description: str = ""
    enterprise_name: str = ""
    credit_code: str = ""
    source: str = ""  # the pipeline stage a paused or dropped project left
    stall: str = ""  # "late": past the stage deadline; "overdue": past the next-action date
    pause_reason: str = ""
    historic_pause: bool = False
    drop_reason: str = ""
    is_lead: bool = False
    planted: str = ""  # key of the planted pair
    same_enterprise: bool = False
    credit_split: bool = False
    verified: bool = False
    window: tuple = ()
    events: list = field(default_factory=list)  # [(step, day number)], from ("created", …)
    next_action_date: date | None = None
    resume_date: date | None = None

    @property
    def reached(self):
        return self.final if self.final in PIPELINE else self.source


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _money(value):
    step = 100 if value < 10000 else 500 if value < 50000 else 1000
    return Decimal(max(int(value / step + Decimal("0.5")), 1) * step)


class _Drawer:
    """Draws names, investors and sites that never look alike by accident, so that only the
    planted repeats trip the integrity check."""

    def __init__(self, rng):
        self.rng = rng
        self.names, self.investors, self.sites, self.codes = [], [], set(), set()

    def reserve(self, investor, name, site=""):
        self.names.append(normalise_name(name))
        self.investors.append(normalise_name(investor))
        if site:
            self.sites.add(site)

    def _unique(self, draw, keys, scorer):
        for _attempt in range(500):
            value, *rest = draw()
            key = normalise_name(value)
            if process.extractOne(key, keys, scorer=scorer, score_cutoff=SIMILAR) is None:
                keys.append(key)
                return (value, *rest)
        raise RuntimeError("The demo tables have run out of distinct names.")

    def name(self, industry, landing):
        rng = self.rng

        def draw():
            verb, unit, product, *division = rng.choice(INDUSTRIES[industry].products).split("|")
            kind = "make" if verb == "年产" and industry not in AGRI else "sized"
            kind = kind if unit else "facility"
            capacity = f"{verb}{rng.choice(CAPACITY[unit])}{unit}" if unit else ""
            # A facility may go without a place; a farm or a plant without a size names one.
            places = [PLACES.get(landing, "沧澜")] * 2 + ["沧澜"] + [""] * (kind == "facility")
            place = rng.choice(places)
            name = rng.choice(TEMPLATES[kind]).format(cap=capacity, product=product, place=place)
            return name, product, kind, (division or [None])[0]

        return self._unique(draw, self.names, fuzz.token_set_ratio)

    def investor(self, industry, region):
        rng = self.rng

        def draw():
            brand = rng.choice(BRANDS.get(region) or BRANDS["cn"])
            word = rng.choice(INDUSTRIES[industry].words)
            form = FOREIGN_FORMS.get(region) or rng.choice(FORMS)
            return f"{rng.choice(CITIES[region])}{brand}{word}{form}", f"沧澜{brand}{word}有限公司"

        return self._unique(draw, self.investors, fuzz.ratio)

    def site(self, landing):
        rng = self.rng
        while True:
            if landing == "zone1":
                north, east = rng.sample(NUMERALS, 2)
                site = (
                    f"沧澜经济开发区纬{north}路以{rng.choice('南北')}、"
                    f"经{east}路以{rng.choice('东西')}"
                )
            elif landing in AVENUES:
                prefix, roads = AVENUES[landing]
                site = f"{prefix}{rng.choice(roads)}{rng.randint(1, 199)}号"
            else:
                fronts, surnames, ends = VILLAGE
                end = rng.choice(ends)
                village = f"{rng.choice(fronts)}{rng.choice(surnames)}{end}"
                village += "" if end == "村" else "村"
                site = f"{PLACES[landing]}{village}{rng.choice('东西南北')}侧"
            if site not in self.sites:
                self.sites.add(site)
                return site

    def credit_code(self):
        while True:
            body = "91" + LOCAL_AREA_CODE + "".join(self.rng.choices(CODE_CHARS, k=9))
            code = body + credit_code_check_char(body)
            if code not in self.codes:
                self.codes.add(code)
                return code


def _yuan(wan):
    return f"{wan / 10000:g}亿元" if wan >= 10000 else f"{wan:g}万元"


def _describe(plan, product, kind, rng):
    area = f"，占地约{plan.land}亩" if plan.land else ""
    text = f"项目计划总投资{_yuan(plan.invest)}{area}，主要建设{product}"
    if plan.industry in AGRI:
        return f"{text}及配套设施，带动周边农户约{rng.randint(2, 30) * 10}户。"
    if kind != "make":
        return f"{text}及配套设施。"
    output = (plan.invest * Decimal(rng.randint(12, 25)) / 100000).quantize(Decimal("0.1"))
    jobs = rng.randint(5, 60) * 10
    return f"{text}生产线及配套设施，达产后预计年产值{output}亿元，新增就业{jobs}人。"


def _platform(plan, rng):
    if plan.landing == "zone1" and plan.industry in ("steel", "equipment", "envirotech"):
        return "iron-chain" if rng.random() < 0.4 else "zone1"
    if plan.landing == "new-district" and plan.industry == "logistics":
        return "port-logistics"
    if plan.landing in BUILDERS:
        return plan.landing
    return "agri-park" if plan.industry in AGRI and rng.random() < 0.5 else ""


def _landing(unit, industry, rng):
    if unit in BUILDERS or unit.startswith("town"):
        return unit
    return rng.choice(LANDING.get(unit) or LANDING[industry])


def _fill(plan, drawer, rng, product, kind):
    """Amounts, land, site, platform and the local company of a plan that has its names."""
    industry = INDUSTRIES[plan.industry]
    if not plan.invest:
        low, high = (50000, 300000) if rng.random() < industry.major else industry.invest
        plan.invest = _money(Decimal(low * (high / low) ** rng.random()))
    low, high = industry.land
    plan.land = Decimal(rng.randint(low // 5, high // 5) * 5)
    plan.platform = _platform(plan, rng)
    if not plan.site and (plan.final != "negotiating" or rng.random() < 0.6):
        plan.site = drawer.site(plan.landing)
    plan.description = _describe(plan, product, kind, rng)
    plan.credit_code = drawer.credit_code()


def _draw_special(drawer, rng):
    plans = []
    for key, role, unit, industry, division, region, final, first, last, *extra in PLANTED:
        investor, name, *site = PLANTED_NAMES[f"{key}:{role}"]
        source, reason = extra if final == "dropped" else ("", "")
        plan = Plan(
            unit=unit,
            landing=_landing(unit, industry, rng),
            industry=industry,
            division=division,
            region=region,
            investor=investor,
            name=name,
            final=final,
            site="".join(site),
            source=source,
            drop_reason=reason,
            planted=key,
            same_enterprise="same-enterprise" in extra,
            window=(date.fromisoformat(first), date.fromisoformat(last)),
            enterprise_name=f"沧澜{normalise_name(investor)}有限公司",
        )
        if role == "repeat":
            plan.invest = plans[-1].invest
        _fill(plan, drawer, rng, name.removesuffix("项目"), "facility")
        plans.append(plan)
    for unit, industry, division, region, invest, investor, name in LEADS:
        plan = Plan(
            unit=unit,
            landing=_landing(unit, industry, rng),
            industry=industry,
            division=division,
            region=region,
            investor=investor,
            name=name,
            final="negotiating",
            invest=Decimal(invest),
            is_lead=True,
        )
        plans.append(plan)
    return plans


def _draw_content(rng):
    """Every project's what, who and where, in a fixed order; no dates yet."""
    drawer = _Drawer(rng)
    for names in PLANTED_NAMES.values():
        drawer.reserve(*names)
    for *_fields, investor, name in LEADS:
        drawer.reserve(investor, name)
    plans = _draw_special(drawer, rng)

    finals = []
    for stage, count in STAGE_COUNTS.items():
        finals += [stage] * (count - sum(1 for p in plans if p.final == stage))
    rng.shuffle(finals)
    unit_weights = {code: weight for code, (weight, _mix, _industries) in UNITS.items()}
    for final in finals:
        unit = _weighted(rng, unit_weights)
        _weight, mix, industries = UNITS[unit]
        industry = rng.choice(industries)
        region = _weighted(rng, REGION_MIX[mix])
        landing = _landing(unit, industry, rng)
        name, product, kind, division = drawer.name(industry, landing)
        investor, local = drawer.investor(industry, region)
        plan = Plan(
            unit=unit,
            landing=landing,
            industry=industry,
            division=division or rng.choice(INDUSTRIES[industry].divisions),
            region=region,
            investor=investor,
            name=name,
            final=final,
            enterprise_name=local,
        )
        _fill(plan, drawer, rng, product, kind)
        if final in OPEN and rng.random() < STALLED_SHARE:
            plan.stall = rng.choice(("late", "late", "overdue"))
        if final == "paused":
            plan.source, plan.pause_reason = _weighted(rng, PAUSE_FROM), rng.choice(PAUSE_REASONS)
        elif final == "dropped":
            plan.source, plan.drop_reason = _weighted(rng, DROP_FROM), rng.choice(list(DROP_NOTES))
            if plan.source == "paused":
                plan.source = _weighted(rng, PAUSE_FROM)
                plan.pause_reason = rng.choice(PAUSE_REASONS)
        elif rng.random() < HISTORIC_PAUSE_SHARE:
            plan.historic_pause, plan.pause_reason = True, rng.choice(PAUSE_REASONS)
        plans.append(plan)

    landed = [p for p in plans if p.final in LANDED]
    for plan in landed:
        plan.verified = rng.random() < VERIFIED_SHARE
    doubles = [p for p in landed if p.unit.endswith("-group") and p.landing != p.unit]
    for plan in rng.sample(doubles, min(CREDIT_SPLITS, len(doubles))):
        plan.credit_split = True
    return plans


def _steps(plan):
    steps = list(PIPELINE[1 : PIPELINE.index(plan.reached) + 1])
    if plan.historic_pause:
        # Paused before the land was secured, or else in the stage it is in now.
        at = steps.index("landed") if "landed" in steps else len(steps)
        steps[at:at] = ["paused", "resume"]
    if plan.final == "paused" or (plan.final == "dropped" and plan.pause_reason):
        steps.append("paused")
    if plan.final == "dropped":
        steps.append("dropped")
    return steps


def _day(number):
    """The working day (Monday to Friday) on or before day ``number`` since FIRST_DAY."""
    day = FIRST_DAY + timedelta(days=number)
    return day - timedelta(days=max(day.weekday() - 4, 0))


def _draw_dates(plans, rng, today, limits):
    """Lay each story out: when it was registered and when it took each step, so that the
    open projects are mostly on time and the stalled ones are stalled by their own dates."""
    now = (today - FIRST_DAY).days
    for plan in plans:
        steps = _steps(plan)
        offsets = [0]
        for step in steps:
            offsets.append(offsets[-1] + rng.randint(*GAPS[step]))
        span = offsets[-1]
        limit = limits.get(plan.final) or 365
        if plan.window:
            start = rng.randint(*((day - FIRST_DAY).days for day in plan.window))
            start -= max(start + span - (now - 1), 0)
        elif plan.is_lead:
            start = now - rng.randint(5, 60)
        elif plan.final in OPEN:
            if plan.stall == "late":
                age = limit + rng.randint(5, 300 if plan.final == "negotiating" else 150)
            elif plan.stall == "overdue":
                age = rng.randint(25, limit - 5)
            else:
                age = rng.randint(1, limit * 4 // 5)
            start = now - age - span
        elif plan.final == "paused":
            start = now - rng.randint(7, 240) - span
        elif plan.final == "producing" and rng.random() < ASSESSED_SHARE:
            # Land in the demo's published assessment year, so its ranking has substance.
            landed = offsets[steps.index("landed") + 1]
            first, last = ((day - FIRST_DAY).days - landed for day in ASSESSED_LANDINGS)
            start = rng.randint(first, last)
            start -= max(start + span - (now - 3), 0)
        else:
            start = rng.randint(0, now - 3 - span)
        plan.events = [("created", start)] + [
            (step, start + offset) for step, offset in zip(steps, offsets[1:], strict=True)
        ]
        entry = plan.events[-1][1]
        if plan.final in OPEN:
            stall = plan.stall or ("late" if entry + limit < now else "")
            if stall == "overdue":
                plan.next_action_date = _day(rng.randint(entry + 7, now - 3))
            elif stall == "late":
                plan.next_action_date = _day(now + rng.randint(-30, 30))
            else:
                plan.next_action_date = _day(now + rng.randint(2, 45))
        days = dict(plan.events)
        if "resume" in days:
            plan.resume_date = _day(days["resume"])
        elif "paused" in days:
            # Mostly still ahead; now and then the agreed date has passed without a decision.
            resume = max(days["paused"] + 30, now + rng.randint(-30, 180))
            plan.resume_date = FIRST_DAY + timedelta(days=resume)


class _Writer:
    """Writes the plans through the services, as the people who would have done it."""

    def __init__(self, rng):
        self.rng = rng
        self.units = {u.code: u for u in Unit.objects.all()}
        self.users = {u.username: u for u in User.objects.all()}
        self.stages = {s.code: s for s in Stage.objects.all()}
        self.regions = {r.code: r for r in Region.objects.all()}
        self.divisions = {d.code: d for d in IndustryDivision.objects.all()}
        self.fields = {f.code: f for f in StrategicField.objects.all()}
        self.reasons = {r.code: r for r in DropReason.objects.all()}
        self.bureau = self.users[BUREAU]
        self.platforms = self._platforms()
        self.enterprises = {}
        self.files = {
            kind: (name, _pdf(title) if title else _jpeg()) for kind, (name, title) in FILES.items()
        }

    def _platforms(self):
        platforms = {}
        for code, name, unit in PLATFORMS:
            platforms[code] = Platform.objects.filter(
                Q(code=code) | Q(name=name)
            ).first() or settings_services.platform_create(
                actor=self.bureau, code=code, name=name, unit=self.units[unit]
            )
        return platforms

    def at(self, number):
        moment = time(self.rng.randint(8, 17), self.rng.randrange(0, 60, 5))
        return timezone.make_aware(datetime.combine(_day(number), moment))

    def next_action(self, plan, stage, number, last):
        # The last step's date is the plan's; earlier ones were due a few weeks after the step.
        day = plan.next_action_date if last else _day(number + self.rng.randint(10, 40))
        return {"next_action": self.rng.choice(NEXT_ACTIONS[stage]), "next_action_date": day}

    def funds(self, plan, low, high):
        funds = _money(plan.invest * Decimal(self.rng.randint(low, high)) / 100)
        usd = (funds / USD_RATE).quantize(Decimal("0.01"))
        return {
            "funds_in_place": funds,
            "foreign_funds_usd": usd if plan.region in FOREIGN_FUNDS else Decimal(0),
        }

    def attach(self, actor, project, kind):
        name, content = self.files[kind]
        evidence_add(
            actor=actor,
            project=project,
            kind=kind,
            uploaded=SimpleUploadedFile(name, content),
        )

    def write(self, plan):
        actor = self.users[ACTORS.get(plan.unit, BUREAU)]
        created = plan.events[0][1]
        last = len(plan.events) - 1
        fields = {
            "name": plan.name,
            "investor_name": plan.investor,
            "origin_region": self.regions[plan.region],
            "industry": self.divisions[plan.division],
            "total_investment": plan.invest,
        }
        if plan.is_lead:
            fields |= {"next_action": LEAD_NEXT_ACTION, "description": LEAD_DESCRIPTION}
            project = services.project_create(
                actor=self.users[LEAD_REPORTER],
                unit=self.units[plan.unit],
                is_lead=True,
                at=self.at(created),
                **fields,
            )
            services.project_update(
                actor=actor, project=project, next_action_date=plan.next_action_date
            )
            return project
        fields |= {
            "strategic_field": self.fields.get(INDUSTRIES[plan.industry].field),
            "land_area_mu": plan.land or None,
            "platform": self.platforms.get(plan.platform),
            "site": plan.site,
            "description": plan.description,
            "enterprise": self.enterprises.get(plan.planted) if plan.same_enterprise else None,
            **self.next_action(plan, "negotiating", created, last == 0),
        }
        project = services.project_create(
            actor=actor, unit=self.units[plan.unit], at=self.at(created), **fields
        )
        reached = "negotiating"
        for index, (step, number) in enumerate(plan.events[1:], start=1):
            getattr(self, f"_{step}")(plan, project, actor, reached, number, index == last)
            reached = step if step in PIPELINE else reached
        if plan.verified:
            # The bureau checks a project a couple of weeks after it lands, as it would have.
            landed_at = project.transitions.filter(to_stage__landed=True).order_by("at")[0].at
            verified_at = min(landed_at + timedelta(days=15), timezone.now())
            services.project_verify(actor=self.bureau, project=project, at=verified_at)
        if plan.credit_split:
            shares = [(self.units[plan.landing], Decimal(60)), (self.units[plan.unit], Decimal(40))]
            services.project_set_credit_shares(actor=self.bureau, project=project, shares=shares)
        return project

    def advance(self, actor, project, stage, number, **options):
        note = options.pop("note", None) or self.rng.choice(STEP_NOTES.get(stage, [""]))
        services.project_advance_stage(
            actor=actor,
            project=project,
            to_stage=self.stages[stage],
            at=self.at(number),
            note=note,
            **options,
        )

    def update(self, actor, project, **fields):
        services.project_update(actor=actor, project=project, **fields)

    def _signed(self, plan, project, actor, reached, number, last):
        rng = self.rng
        lead_unit = plan.landing if plan.unit.endswith(("-group", "-office")) else plan.unit
        manager, assistant = TEAMS.get(lead_unit, BUREAU_TEAM)
        share = 100 if rng.random() < 0.7 else rng.choice((80, 90))
        self.update(
            actor,
            project,
            signing_date=_day(number),
            signed_amount=_money(plan.invest * share / 100),
            team_leader=self.users[rng.choice(LEADERS)],
            team_unit=self.units[lead_unit],
            team_manager=self.users[manager],
            team_assistant=self.users[assistant],
            **self.next_action(plan, "signed", number, last),
        )
        self.attach(actor, project, EvidenceKind.CONTRACT)
        self.advance(actor, project, "signed", number)

    # Every edit re-runs the repeat check against all earlier projects, so steps that need no
    # new data change the next action only where it will still show.
    def _approving(self, plan, project, actor, reached, number, last):
        if last:
            self.update(actor, project, **self.next_action(plan, "approving", number, last))
        self.advance(actor, project, "approving", number)

    def _landed(self, plan, project, actor, reached, number, last):
        enterprise = services.enterprise_save(
            actor=actor,
            name=plan.enterprise_name,
            credit_code=plan.credit_code,
            region=self.regions[LOCAL_PROVINCE],
            industry=self.divisions[plan.division],
            registered_locally=True,
        )
        if plan.planted:
            self.enterprises[plan.planted] = enterprise
        for kind in (EvidenceKind.BUSINESS_LICENSE, EvidenceKind.LAND, EvidenceKind.FUNDS):
            self.attach(actor, project, kind)
        self.update(
            actor,
            project,
            enterprise=enterprise,
            land_secured=True,
            **self.funds(plan, 10, 35),
            **self.next_action(plan, "landed", number, last),
        )
        self.advance(actor, project, "landed", number)

    def _started(self, plan, project, actor, reached, number, last):
        self.attach(actor, project, EvidenceKind.SITE_PHOTO)
        self.update(
            actor,
            project,
            start_date=_day(number),
            **self.funds(plan, 35, 70),
            **self.next_action(plan, "started", number, last),
        )
        self.advance(actor, project, "started", number)

    def _producing(self, plan, project, actor, reached, number, last):
        self.attach(actor, project, EvidenceKind.PRODUCTION)
        self.update(
            actor,
            project,
            production_date=_day(number),
            next_action="",
            next_action_date=None,
            **self.funds(plan, 70, 100),
        )
        self.advance(actor, project, "producing", number)

    def _paused(self, plan, project, actor, reached, number, last):
        if last:
            self.update(
                actor, project, next_action=PAUSE_NEXT_ACTION, next_action_date=plan.resume_date
            )
        self.advance(
            actor,
            project,
            "paused",
            number,
            note=PAUSE_NOTE,
            reason=plan.pause_reason,
            resume_date=plan.resume_date,
        )

    def _resume(self, plan, project, actor, reached, number, last):
        self.advance(actor, project, reached, number, note=self.rng.choice(STEP_NOTES["resume"]))
        if last:
            self.update(actor, project, **self.next_action(plan, reached, number, last))

    def _dropped(self, plan, project, actor, reached, number, last):
        self.update(actor, project, next_action="", next_action_date=None)
        self.advance(
            actor,
            project,
            "dropped",
            number,
            note=DROP_NOTES[plan.drop_reason],
            drop_reason=self.reasons[plan.drop_reason],
        )


def load_demo_projects(*, stdout=None):
    """Register the demo projects unless they are there already; returns how many were added."""
    if Project.objects.filter(name=MARKER).exists():
        return 0
    began = clock.monotonic()
    # Reproducible demo data is the point here, not secrecy.
    rng = Random(SEED)  # noqa: S311
    plans = _draw_content(rng)
    today = timezone.localdate()
    limits = dict(Stage.objects.values_list("code", "max_dwell_days"))
    _draw_dates(plans, rng, today, limits)
    with transaction.atomic():
        writer = _Writer(rng)
        for plan in sorted(plans, key=lambda p: p.events[0][1]):
            writer.write(plan)
    if stdout is not None:
        stdout.write(
            f"Demo projects: {len(plans)} registered in {clock.monotonic() - began:.1f} s."
        )
    return len(plans)
