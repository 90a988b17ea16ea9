"""The demo's targeting data: the speech's industry chains with their links, and the words the
demo's fictional investors, contacts and parcels are made of."""

# code, name, kind, strategic field code, [(link code, name, segment, GB/T 4754 division)]
CHAINS = [
    (
        "steel",
        "钢铁",
        "leading",
        "",
        [
            ("ore", "铁矿采选", "up", "08"),
            ("pellet", "球团烧结", "up", "31"),
            ("smelt", "冶炼轧钢", "mid", "31"),
            ("special-steel", "特钢精深加工", "mid", "31"),
            ("metal-products", "金属制品与装备配套", "down", "33"),
        ],
    ),
    (
        "paper",
        "造纸",
        "leading",
        "",
        [
            ("pulp", "制浆与废纸回收", "up", "22"),
            ("paper-making", "原纸生产", "mid", "22"),
            ("packaging", "纸制品与包装印刷", "down", "23"),
        ],
    ),
    (
        "power-heat",
        "热电",
        "leading",
        "",
        [
            ("fuel", "燃料供应与储运", "up", "44"),
            ("cogeneration", "热电联产", "mid", "44"),
            ("heat-network", "供热管网与综合能源", "down", "44"),
        ],
    ),
    (
        "spinning",
        "纺纱",
        "leading",
        "",
        [
            ("fibre", "棉花与化纤原料", "up", "28"),
            ("yarn", "纺纱", "mid", "17"),
            ("weaving", "织布印染", "mid", "17"),
            ("garment", "服装与家纺", "down", "18"),
        ],
    ),
    (
        "farm-machinery",
        "农机制造",
        "leading",
        "2",
        [
            ("castings", "铸锻件与零部件", "up", "33"),
            ("assembly", "整机制造", "mid", "35"),
            ("smart-farm", "智能农机与北斗导航", "mid", "35"),
            ("service", "农机销售与服务", "down", "51"),
        ],
    ),
    (
        "food",
        "食品加工",
        "leading",
        "",
        [
            ("grain", "粮油原料", "up", "01"),
            ("processing", "农副食品加工", "mid", "13"),
            ("deep-food", "休闲与方便食品", "mid", "14"),
            ("cold-chain", "冷链物流", "down", "59"),
        ],
    ),
    (
        "hog",
        "生猪",
        "leading",
        "",
        [
            ("feed", "饲料", "up", "13"),
            ("breeding", "良种繁育与养殖", "mid", "03"),
            ("slaughter", "屠宰与肉制品", "down", "13"),
        ],
    ),
    (
        "broiler",
        "肉鸡",
        "leading",
        "",
        [
            ("hatchery", "种鸡与孵化", "up", "03"),
            ("raising", "标准化养殖", "mid", "03"),
            ("chicken-food", "分割与熟食加工", "down", "13"),
        ],
    ),
    (
        "dairy",
        "奶牛",
        "leading",
        "",
        [
            ("forage", "青贮饲草", "up", "01"),
            ("ranch", "规模牧场", "mid", "03"),
            ("dairy-products", "乳制品加工", "down", "14"),
        ],
    ),
    (
        "fruit-veg",
        "果菜",
        "leading",
        "",
        [
            ("seedling", "种苗", "up", "01"),
            ("greenhouse", "设施种植", "mid", "01"),
            ("produce", "净菜与果蔬加工", "down", "13"),
        ],
    ),
    (
        "seafood",
        "海产品",
        "leading",
        "",
        [
            ("aquaculture", "海水养殖与捕捞", "up", "04"),
            ("seafood-processing", "海产品精深加工", "mid", "13"),
            ("seafood-trade", "水产品交易与冷链", "down", "51"),
        ],
    ),
    (
        "new-materials",
        "新材料",
        "strategic",
        "3",
        [
            ("raw-materials", "基础原料", "up", "26"),
            ("composites", "复合材料", "mid", "30"),
            ("materials-use", "新材料应用", "down", "29"),
        ],
    ),
    (
        "equipment",
        "高端装备",
        "strategic",
        "2",
        [
            ("components", "核心零部件", "up", "34"),
            ("machines", "智能装备整机", "mid", "34"),
            ("integration", "系统集成与运维", "down", "65"),
        ],
    ),
    (
        "new-energy",
        "新能源",
        "strategic",
        "6",
        [
            ("pv-materials", "光伏材料", "up", "38"),
            ("pv-plants", "光伏与风电场", "mid", "44"),
            ("storage", "储能与氢能", "down", "38"),
        ],
    ),
]

# Links left with no local enterprise, so that the demo shows weak links on every page.
WEAK = {
    "pellet",
    "special-steel",
    "packaging",
    "heat-network",
    "weaving",
    "garment",
    "smart-farm",
    "deep-food",
    "cold-chain",
    "slaughter",
    "chicken-food",
    "dairy-products",
    "produce",
    "seafood-processing",
    "composites",
    "machines",
    "storage",
}

# Region code → the unit that keeps investors from there.
REGION_UNITS = {
    "11": "bj-group",
    "12": "bj-group",
    "13": "zone1",
    "31": "sh-group",
    "32": "sh-group",
    "33": "sh-group",
    "34": "zone2",
    "44": "gz-group",
    "37": "new-district",
    "21": "new-district",
}
# How many of the demo investors come from each region.
REGION_WEIGHTS = [("11", 34), ("12", 16), ("13", 12), ("31", 30), ("32", 26), ("33", 22)]
REGION_WEIGHTS += [("34", 6), ("44", 38), ("37", 8), ("21", 8)]
CITIES = {
    "11": "北京",
    "12": "天津",
    "13": "石家庄",
    "31": "上海",
    "32": "苏州",
    "33": "杭州",
    "34": "合肥",
    "44": "深圳",
    "37": "青岛",
    "21": "大连",
}

WORDS_A = "华宏鼎盛恒泰嘉诚瑞丰永信博远中联金石天润宝德同创汇通启明海纳卓越正元新源万方"
WORDS_B = [
    "智能装备",
    "特种钢材",
    "纸业",
    "热能",
    "纺织",
    "农业机械",
    "食品",
    "牧业",
    "禽业",
    "乳业",
    "果蔬",
    "海洋食品",
    "新材料",
    "光伏",
    "储能",
    "冷链物流",
    "包装",
    "印染",
    "精密铸造",
    "饲料",
    "生物科技",
    "环保科技",
    "电气",
    "重工",
]
SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司", "科技有限公司"]
SIZES = ["large", "medium", "medium", "small", "small", "micro"]
TAGS = ["上市公司", "500强", "专精特新", "高新技术企业", "外资", "老乡企业", "行业龙头"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = ["建华", "志刚", "丽娟", "海波", "晓东", "秀英", "国强", "雪梅", "文斌", "春燕"]
GIVEN += ["立新", "玉兰", "明辉", "静怡", "卫东", "红霞", "永刚", "佳琪", "振宇", "淑珍"]
TITLES = ["董事长", "总经理", "副总经理", "投资总监", "战略发展部经理", "行政总监", "办公室主任"]

SUMMARIES = [
    "介绍我县区位、产业基础和支持政策，对方对临港区位和土地条件很感兴趣。",
    "对方正在华北布局新的生产基地，希望了解用地、用电价格和环评要求。",
    "交流了产业链配套需求，对方提出希望有上下游企业集聚。",
    "对方计划明年扩大产能，初步有在我县设立分厂的意向。",
    "对方关注人力资源和物流成本，约定下月派团队来县考察。",
    "洽谈合作方式，对方倾向租用标准厂房先行投产。",
]
OUTCOMES = ["有投资意向", "同意来县考察", "需要进一步对接", "暂无投资计划", "已提供项目资料"]
FOLLOW_UPS = [
    "寄送项目册和政策汇编",
    "安排来县考察接待",
    "对接经开区土地规划",
    "跟进对方董事会决策",
]

# Platform code → [(site code, kind, name, size, land use, price, utilities)]
SITES = {
    "zone1": [
        ("z1-a01", "parcel", "装备园A-01地块", "85", "industrial", "18", "水、电、气、路、讯"),
        ("z1-a02", "parcel", "装备园A-02地块", "120", "industrial", "18", "水、电、气、路、讯"),
        ("z1-a03", "parcel", "装备园A-03地块", "60", "industrial", "18", "水、电、路"),
        ("z1-b01", "building", "标准化厂房1号楼", "6800", "industrial", "12", "水、电、气、讯"),
        ("z1-b02", "building", "标准化厂房2号楼", "6800", "industrial", "12", "水、电、气、讯"),
    ],
    "zone2": [
        ("z2-c01", "parcel", "科创园C-01地块", "45", "industrial", "22", "水、电、气、路、讯、暖"),
        ("z2-c02", "parcel", "科创园C-02地块", "38", "industrial", "22", "水、电、气、路、讯、暖"),
        ("z2-b01", "building", "孵化器3号楼", "4200", "industrial", "15", "水、电、讯、暖"),
    ],
    "new-district": [
        ("nd-p01", "parcel", "临港物流地块P-01", "150", "warehouse", "15", "水、电、路"),
        ("nd-p02", "parcel", "临港工业地块P-02", "200", "industrial", "15", "水、电、气、路"),
        ("nd-b01", "building", "临港标准厂房A座", "9000", "industrial", "10", "水、电、气、讯"),
    ],
    "iron-chain": [
        ("ic-01", "parcel", "铁矿循环产业地块1号", "260", "industrial", "12", "水、电、路"),
        ("ic-02", "parcel", "铁矿循环产业地块2号", "180", "industrial", "12", "水、电、路"),
    ],
    "agri-park": [
        ("ag-01", "parcel", "农产品加工区1号地块", "70", "industrial", "10", "水、电、路"),
        ("ag-b01", "building", "冷库及加工车间", "5200", "warehouse", "8", "水、电、气"),
    ],
    "port-logistics": [
        ("pl-01", "parcel", "冷链物流地块", "95", "warehouse", "14", "水、电、路、讯"),
    ],
}

# name, link code, platform code, site code, investment, content, market, conditions, incentives
CATALOGUE = [
    (
        "特钢精深加工项目",
        "special-steel",
        "iron-chain",
        "ic-01",
        "150000",
        "建设年产30万吨特种钢材及精密锻件生产线。",
        "高端装备、汽车零部件对特钢需求年均增长8%以上。",
        "依托县内钢铁冶炼产能，原料就近供应，铁路专用线直达。",
        "按县招商引资优惠政策，固定资产投资奖励和贷款贴息。",
    ),
    (
        "球团烧结升级改造项目",
        "pellet",
        "iron-chain",
        "ic-02",
        "60000",
        "建设年产200万吨氧化球团生产线。",
        "周边钢铁企业球团矿缺口较大。",
        "铁矿资源就近，园区已通电通路。",
        "环保技改补助，优先保障用地。",
    ),
    (
        "纸制品与绿色包装产业园",
        "packaging",
        "zone1",
        "z1-a02",
        "80000",
        "建设高档纸箱、纸塑环保包装生产基地。",
        "电商和食品企业包装需求旺盛。",
        "县内原纸产能充足，可就近配套。",
        "标准厂房租金前三年减半。",
    ),
    (
        "智能农机与北斗导航装备项目",
        "smart-farm",
        "zone2",
        "z2-c01",
        "50000",
        "建设智能播种、植保无人机及北斗导航终端生产线。",
        "农业机械化、智能化改造市场广阔。",
        "县内农机整机企业配套需求明确。",
        "享受战略性新兴产业专项扶持。",
    ),
    (
        "中央厨房与休闲食品项目",
        "deep-food",
        "agri-park",
        "ag-01",
        "30000",
        "建设中央厨房、速冻食品和休闲食品生产线。",
        "京津消费市场需求大，配送半径200公里。",
        "农产品原料丰富，冷链基础较好。",
        "农业产业化龙头企业奖补。",
    ),
    (
        "京津冀冷链物流分拨中心",
        "cold-chain",
        "port-logistics",
        "pl-01",
        "40000",
        "建设冷库10万吨及冷链分拨配送中心。",
        "服务京津冀生鲜供应链。",
        "临港区位，高速和港口直达。",
        "物流用地优先供应。",
    ),
    (
        "生猪屠宰及肉制品精深加工项目",
        "slaughter",
        "agri-park",
        "ag-b01",
        "35000",
        "建设年屠宰生猪100万头及低温肉制品生产线。",
        "县内生猪年出栏量大，屠宰加工能力不足。",
        "养殖基地就近供应。",
        "农业农村部门专项资金支持。",
    ),
    (
        "海产品精深加工项目",
        "seafood-processing",
        "new-district",
        "nd-p02",
        "45000",
        "建设海参、贝类精深加工及即食海产品生产线。",
        "海产品精深加工附加值高，出口前景好。",
        "临港新区紧邻渔港，原料充足。",
        "出口企业物流补贴。",
    ),
    (
        "乳制品加工项目",
        "dairy-products",
        "agri-park",
        "",
        "60000",
        "建设日处理鲜奶500吨的乳制品加工厂。",
        "周边规模牧场鲜奶就地转化需求迫切。",
        "县内奶牛存栏量大。",
        "固定资产投资奖励。",
    ),
    (
        "储能电池及系统集成项目",
        "storage",
        "zone2",
        "z2-b01",
        "90000",
        "建设储能电池模组及系统集成生产线。",
        "新能源配储政策带动市场快速增长。",
        "县内风光资源好，绿电就近消纳。",
        "战略性新兴产业专项扶持。",
    ),
]
