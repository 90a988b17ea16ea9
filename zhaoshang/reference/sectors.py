"""The sector rule of 《三次产业划分规定》(国家统计局, 2018), in one place.

A division's sector is never typed by anyone: the data migration and ``division_update`` both
ask this function, so the rule cannot drift between the loaded data and later edits. It is
free of model imports because the migration calls it with historical models.
"""

from zhaoshang.reference.choices import Sector

# Divisions that sit in a primary or secondary section but are counted as services:
# 05 农、林、牧、渔专业及辅助性活动, 11 开采专业及辅助性活动, 43 金属制品、机械和设备修理业.
SERVICE_DIVISIONS = frozenset({"05", "11", "43"})
PRIMARY_SECTIONS = frozenset({"A"})
# B 采矿业, C 制造业, D 电力、热力、燃气及水生产和供应业, E 建筑业.
SECONDARY_SECTIONS = frozenset({"B", "C", "D", "E"})


def sector_for(section_code, division_code):
    """一产 = A except 05; 二产 = B except 11, C except 43, D and E; 三产 = everything else."""
    if division_code in SERVICE_DIVISIONS:
        return Sector.TERTIARY
    if section_code in PRIMARY_SECTIONS:
        return Sector.PRIMARY
    if section_code in SECONDARY_SECTIONS:
        return Sector.SECONDARY
    return Sector.TERTIARY
