"""The demo county of the speech: its units and one account per kind of user.

Names are fictional but shaped like a real county in Hebei near 京津 and the sea, with the
units the speech names: resident groups in 北京/上海/广州, two development zones, a new
district, a dozen townships, the ten main economic departments and other county departments.
"""

COUNTY = ("沧澜县", "county")

UNITS = [
    # code, name, short name, kind, parent code
    ("bj-group", "驻北京招商组", "驻京组", "resident_group", "county"),
    ("sh-group", "驻上海招商组", "驻沪组", "resident_group", "county"),
    ("gz-group", "驻广州招商组", "驻穗组", "resident_group", "county"),
    ("zone1", "沧澜经济开发区", "经开区", "dev_zone", "county"),
    ("zone2", "沧澜高新技术产业开发区", "高新区", "dev_zone", "county"),
    ("new-district", "沧澜临港新区", "临港新区", "new_district", "county"),
    ("town1", "城关镇", "", "township", "county"),
    ("town2", "东港镇", "", "township", "county"),
    ("town3", "西河镇", "", "township", "county"),
    ("town4", "南堡镇", "", "township", "county"),
    ("town5", "北塘镇", "", "township", "county"),
    ("town6", "柳河镇", "", "township", "county"),
    ("town7", "马头营镇", "", "township", "county"),
    ("town8", "海丰镇", "", "township", "county"),
    ("town9", "大庄乡", "", "township", "county"),
    ("town10", "杨岭乡", "", "township", "county"),
    ("town11", "石佛乡", "", "township", "county"),
    ("town12", "前进乡", "", "township", "county"),
    ("fgw", "沧澜县发展和改革局", "发改局", "economic_dept", "county"),
    ("gxj", "沧澜县工业和信息化局", "工信局", "economic_dept", "county"),
    ("swj", "沧澜县商务局", "商务局", "economic_dept", "county"),
    ("zrzy", "沧澜县自然资源和规划局", "自规局", "economic_dept", "county"),
    ("sthj", "沧澜县生态环境分局", "生态环境分局", "economic_dept", "county"),
    ("zjj", "沧澜县住房和城乡建设局", "住建局", "economic_dept", "county"),
    ("nync", "沧澜县农业农村局", "农业农村局", "economic_dept", "county"),
    ("wlj", "沧澜县文化广电和旅游局", "文旅局", "economic_dept", "county"),
    ("czj", "沧澜县财政局", "财政局", "economic_dept", "county"),
    ("zsj", "沧澜县投资促进局", "招商局", "economic_dept", "county"),
    ("xzsp", "沧澜县行政审批局", "行政审批局", "county_dept", "county"),
    ("scjg", "沧澜县市场监督管理局", "市场监管局", "county_dept", "county"),
    ("jtj", "沧澜县交通运输局", "交通局", "county_dept", "county"),
    ("jyj", "沧澜县教育局", "教育局", "county_dept", "county"),
    ("wjj", "沧澜县卫生健康局", "卫健局", "county_dept", "county"),
    ("zone1-office", "经开区招商服务中心", "经开区招商中心", "dev_zone", "zone1"),
]

# The three administrators created by bootstrap_county.
ADMINS = {
    "system_admin": ("sysadmin", "赵建国"),
    "security_admin": ("secadmin", "钱文静"),
    "audit_admin": ("auditor", "孙立新"),
}

# username, full name, post, home unit, [(role, unit)]
USERS = [
    ("county_leader", "李志强", "副县长", "county", [("county_leader", "county")]),
    ("bureau_admin", "周晓梅", "招商局副局长", "zsj", [("bureau_admin", "county")]),
    ("zone1_head", "吴海涛", "经开区管委会主任", "zone1", [("unit_head", "zone1")]),
    ("zone1_staff", "郑丽娜", "经开区招商专员", "zone1", [("unit_staff", "zone1")]),
    ("town1_staff", "王俊峰", "城关镇招商办主任", "town1", [("unit_staff", "town1")]),
    ("bj_group_staff", "冯浩然", "驻京招商组组员", "bj-group", [("unit_staff", "bj-group")]),
    ("approval_fgw", "陈雅琴", "发改局审批股股长", "fgw", [("approval_officer", "fgw")]),
    ("assessor1", "褚国栋", "县委督查室督查员", "county", [("assessor", "county")]),
    ("cadre1", "卫明远", "教育局干部", "jyj", [("cadre", "jyj")]),
]

# More people for the demo projects' teams (PRJ-5: a project manager and a project assistant
# besides the county leader in charge). Kept apart from USERS, which is one login per kind of
# user; same shape.
PROJECT_TEAM_USERS = [
    ("county_leader2", "张宏伟", "县委常委、常务副县长", "county", [("county_leader", "county")]),
    ("zone2_staff", "韩立军", "高新区招商局局长", "zone2", [("unit_staff", "zone2")]),
    ("zone2_aide", "杨雪", "高新区招商局科员", "zone2", [("unit_staff", "zone2")]),
    (
        "nd_staff",
        "许志刚",
        "临港新区招商服务中心主任",
        "new-district",
        [("unit_staff", "new-district")],
    ),
    (
        "nd_aide",
        "何静怡",
        "临港新区招商服务中心科员",
        "new-district",
        [("unit_staff", "new-district")],
    ),
    ("town1_aide", "吕晨阳", "城关镇招商办干事", "town1", [("unit_staff", "town1")]),
    ("bj_group_aide", "施佳琪", "驻京招商组组员", "bj-group", [("unit_staff", "bj-group")]),
    ("sh_group_staff", "张伟东", "驻沪招商组组长", "sh-group", [("unit_staff", "sh-group")]),
    ("gz_group_staff", "孔德明", "驻穗招商组组长", "gz-group", [("unit_staff", "gz-group")]),
    ("zsj_staff", "曹永兴", "招商局项目服务股股长", "zsj", [("unit_staff", "zsj")]),
    ("zsj_aide", "严冬梅", "招商局项目服务股科员", "zsj", [("unit_staff", "zsj")]),
    # Approval officers of the other leading-group and approving departments (MEC-1, MEC-2).
    ("approval_gxj", "罗文斌", "工信局审批股股长", "gxj", [("approval_officer", "gxj")]),
    ("approval_zrzy", "唐晓燕", "自规局审批股股长", "zrzy", [("approval_officer", "zrzy")]),
    ("approval_sthj", "贺建军", "生态环境分局审批股股长", "sthj", [("approval_officer", "sthj")]),
    ("approval_zjj", "梁玉兰", "住建局审批股股长", "zjj", [("approval_officer", "zjj")]),
    ("approval_zsj", "邓国华", "招商局项目审核股股长", "zsj", [("approval_officer", "zsj")]),
]
