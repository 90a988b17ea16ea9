"""Demo targeting data: ~200 investors with contacts, trips to 京津冀 / 长三角 / 珠三角 with
their visits, leads (two already projects), the speech's industry chains with weak links,
parcels and buildings on the platforms, and a published promotion catalogue.

Bulk inserts where no business rule runs; leads go through the services so that the converted
ones carry a real project history. Runs once: a database with chains already has the demo.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from zhaoshang.orgs.models import Unit, User
from zhaoshang.projects.identity import normalise_name
from zhaoshang.projects.models import Enterprise, Platform, Project
from zhaoshang.reference.models import IndustryDivision, Region, StrategicField
from zhaoshang.targeting import demo_data as d
from zhaoshang.targeting import services_work
from zhaoshang.targeting.choices import CatalogueStatus, LinkRole, ReferrerKind, SiteStatus
from zhaoshang.targeting.models import (
    CatalogueItem,
    Chain,
    ChainLink,
    Contact,
    Investor,
    LinkEnterprise,
    ProjectLink,
    Site,
    Trip,
    Visit,
)

SEED = 2026
DUPLICATES = ("北京京华智能装备股份有限公司", "京华智能装备有限公司")
TODAY = date(2026, 11, 20)
TRIP_MEMBERS = {
    "bj-group": ["bj_group_staff", "bj_group_aide"],
    "sh-group": ["sh_group_staff"],
    "gz-group": ["gz_group_staff"],
    "zone1": ["zone1_staff", "zone1_head"],
}
# unit, region code, city, title, start (days before TODAY), days, budget 万元
TRIPS = [
    ("bj-group", "11", "北京", "赴北京中关村装备制造企业招商", 300, 4, "3.5"),
    ("bj-group", "12", "天津", "赴天津滨海新区食品企业招商", 220, 3, "2.0"),
    ("bj-group", "11", "北京", "赴北京新能源企业专题招商", 120, 3, "2.8"),
    ("bj-group", "11", "北京", "赴京开展以商招商回访", 40, 2, "1.5"),
    ("sh-group", "31", "上海", "赴上海新材料企业招商", 260, 4, "4.0"),
    ("sh-group", "32", "苏州", "赴苏州纺织印染企业招商", 180, 3, "3.0"),
    ("sh-group", "33", "杭州", "赴杭州包装企业招商", 90, 3, "2.6"),
    ("gz-group", "44", "深圳", "赴深圳储能企业招商", 240, 4, "4.5"),
    ("gz-group", "44", "广州", "赴广州食品企业招商", 150, 3, "3.2"),
    ("gz-group", "44", "东莞", "赴东莞装备制造企业招商", 60, 3, "3.0"),
    ("zone1", "11", "北京", "经开区赴京钢铁产业链招商", 200, 3, "3.0"),
]


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class _Loader:
    def __init__(self, stdout):
        self.stdout = stdout
        # Demo data only: a fixed seed makes every demo database the same.
        self.rng = random.Random(SEED)  # noqa: S311
        self.units = {u.code: u for u in Unit.objects.all()}
        self.users = {u.username: u for u in User.objects.all()}
        self.regions = {r.code: r for r in Region.objects.all()}
        self.divisions = {x.code: x for x in IndustryDivision.objects.all()}
        self.fields = {f.code: f for f in StrategicField.objects.all()}
        self.platforms = {p.code: p for p in Platform.objects.all()}

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)

    # Chains -----------------------------------------------------------------------------------

    def chains(self):
        links = {}
        for position, (code, name, kind, field, rows) in enumerate(d.CHAINS, 1):
            chain = Chain.objects.create(
                code=code,
                name=f"{name}产业链",
                kind=kind,
                strategic_field=self.fields.get(field) if kind == "strategic" else None,
                position=position * 10,
            )
            for n, (link_code, link_name, segment, division) in enumerate(rows, 1):
                link = ChainLink.objects.create(
                    chain=chain, code=link_code, name=link_name, segment=segment, position=n * 10
                )
                links[link_code] = (link, division)
        return links

    # Enterprises and investors ----------------------------------------------------------------

    def _name(self, used, city, industry):
        while True:
            word = "".join(self.rng.sample(d.WORDS_A, 2))
            key = normalise_name(f"{word}{industry}")
            if key not in used:
                used.add(key)
                return f"{city}{word}{industry}{self.rng.choice(d.SUFFIXES)}"

    def enterprises(self, links):
        used = set(Enterprise.objects.values_list("name_key", flat=True))
        local_rows = []
        for link_code, (_link, division) in links.items():
            if link_code in d.WEAK:
                continue
            for _n in range(self.rng.randint(2, 4)):
                local_rows.append(
                    (link_code, self._name(used, "沧澜", self.rng.choice(d.WORDS_B)), division)
                )
        outside = []
        for region, count in d.REGION_WEIGHTS:
            for _n in range(count):
                link_code = self.rng.choice(list(links))
                industry = self.rng.choice(d.WORDS_B)
                outside.append((region, link_code, self._name(used, d.CITIES[region], industry)))
        rows = [
            Enterprise(
                name=name,
                name_key=normalise_name(name),
                region=self.regions["13"],
                industry=self.divisions.get(division),
                registered_locally=True,
            )
            for _link, name, division in local_rows
        ]
        rows += [
            Enterprise(
                name=name,
                name_key=normalise_name(name),
                region=self.regions[region],
                industry=self.divisions.get(links[link_code][1]),
            )
            for region, link_code, name in outside
        ]
        # Two spellings of one investor, for the duplicates page.
        rows += [
            Enterprise(
                name=name,
                name_key=normalise_name(name),
                region=self.regions["11"],
                industry=self.divisions.get("34"),
            )
            for name in DUPLICATES
        ]
        created = Enterprise.objects.bulk_create(rows)
        by_name = {e.name: e for e in Enterprise.objects.filter(name__in=[r.name for r in rows])}
        members = [
            LinkEnterprise(link=links[code][0], enterprise=by_name[name], role=LinkRole.LOCAL)
            for code, name, _division in local_rows
        ]
        # About a third of the investors are targets of their link.
        for _region, link_code, name in outside:
            if self.rng.random() < 0.35:
                members.append(
                    LinkEnterprise(
                        link=links[link_code][0], enterprise=by_name[name], role=LinkRole.TARGET
                    )
                )
        LinkEnterprise.objects.bulk_create(members)
        investors = [
            Investor(
                enterprise=by_name[name],
                unit=self.units[d.REGION_UNITS[region]],
                size=self.rng.choice(d.SIZES),
                tags="、".join(self.rng.sample(d.TAGS, self.rng.randint(0, 2))).replace("、", ", "),
            )
            for region, _link, name in outside
        ]
        investors.append(
            Investor(
                enterprise=by_name[DUPLICATES[0]],
                unit=self.units["bj-group"],
                size="large",
            )
        )
        Investor.objects.bulk_create(investors)
        self.say(f"  targeting: {len(created)} enterprises, {len(investors)} investors")
        return list(
            Investor.objects.select_related("enterprise", "enterprise__region", "unit").order_by(
                "pk"
            )
        )

    def contacts(self, investors):
        rows = []
        serial = 0
        for investor in investors:
            for _n in range(self.rng.randint(1, 2)):
                serial += 1
                rows.append(
                    Contact(
                        investor=investor,
                        name=self.rng.choice(d.SURNAMES) + self.rng.choice(d.GIVEN),
                        title=self.rng.choice(d.TITLES),
                        # 199-0000-xxxx: a fictional range, never a real subscriber.
                        phone=f"1990000{serial:04d}",
                        id_number=f"000000{1965 + serial % 30}0101{serial % 1000:03d}X"
                        if serial % 4 == 0
                        else "",
                    )
                )
        Contact.objects.bulk_create(rows)
        return len(rows)

    # Trips and visits -------------------------------------------------------------------------

    def trips(self, investors):
        by_unit_region = {}
        for investor in investors:
            key = (investor.unit.code, investor.enterprise.region.code)
            by_unit_region.setdefault(key, []).append(investor)
        visits = []
        trips = []
        for unit_code, region, city, title, ago, days, budget in TRIPS:
            start = TODAY - timedelta(days=ago)
            trip = Trip.objects.create(
                unit=self.units[unit_code],
                title=title,
                region=self.regions[region],
                city=city,
                start_date=start,
                end_date=start + timedelta(days=days - 1),
                budget=Decimal(budget),
                expenses=(Decimal(budget) * Decimal("0.9")).quantize(Decimal("0.01")),
                purpose=f"围绕主导产业链薄弱环节，拜访{city}重点企业，推介我县投资环境和招商项目册。",
                summary="共拜访企业{n}家，达成初步意向若干。",
                created_by=self.users[TRIP_MEMBERS[unit_code][0]],
            )
            trip.members.set([self.users[u] for u in TRIP_MEMBERS[unit_code]])
            pool = by_unit_region.get((unit_code, region)) or [
                i for i in investors if i.unit.code == unit_code
            ]
            chosen = self.rng.sample(pool, min(len(pool), self.rng.randint(3, 5)))
            for n, investor in enumerate(chosen):
                visits.append(
                    self._visit(trip.unit, investor, start + timedelta(days=n % days), trip)
                )
            trip.summary = trip.summary.format(n=len(chosen))
            trip.save(update_fields=["summary"])
            trips.append(trip)
        # Investors' visits to the county and negotiations, recorded by the owning unit.
        for investor in self.rng.sample(investors, 40):
            day = TODAY - timedelta(days=self.rng.randint(5, 320))
            kind = self.rng.choice(["incoming", "negotiation", "call"])
            visits.append(self._visit(investor.unit, investor, day, None, kind))
        Visit.objects.bulk_create(visits)
        return trips, len(visits)

    def _visit(self, unit, investor, day, trip, kind="outbound"):
        follow = self.rng.random() < 0.6
        return Visit(
            unit=unit,
            kind=kind,
            trip=trip,
            investor=investor,
            date=day,
            place=investor.enterprise.name[:2] if trip else "沧澜县招商局会议室",
            participants="、".join(self.rng.sample(d.GIVEN, 2)),
            summary=self.rng.choice(d.SUMMARIES),
            outcome=self.rng.choice(d.OUTCOMES),
            follow_up=self.rng.choice(d.FOLLOW_UPS) if follow else "",
            follow_up_date=day + timedelta(days=30) if follow else None,
            recorded_by=None,
        )

    # Leads ------------------------------------------------------------------------------------

    def leads(self, links):
        leads = []
        visits = list(
            Visit.objects.filter(trip__isnull=False)
            .select_related("investor__enterprise", "unit", "trip")
            .order_by("pk")
        )
        weak = [links[c][0] for c in sorted(d.WEAK)]
        reporters = {"bj-group": "bj_group_staff", "sh-group": "sh_group_staff"}
        reporters.update({"gz-group": "gz_group_staff", "zone1": "zone1_staff"})
        for n, visit in enumerate(visits[::3][:12]):
            actor = self.users[reporters[visit.unit.code]]
            enterprise = visit.investor.enterprise
            lead = services_work.lead_report(
                actor=actor,
                unit=visit.unit,
                visit=visit,
                name=f"{enterprise.name[:6]}{self.rng.choice(['扩产', '新建', '配套'])}项目",
                origin_region=enterprise.region,
                industry=enterprise.industry or self.divisions["13"],
                link=weak[n % len(weak)],
                total_investment=Decimal(self.rng.choice([8000, 15000, 30000, 50000])),
                description=visit.summary,
                next_action=visit.follow_up,
                deadline=TODAY + timedelta(days=30 - n * 5),
                at=_at(visit.date + timedelta(days=1)),
            )
            leads.append(lead)
        cadre = self.users["cadre1"]
        for name, investor, unit, kind, referrer in [
            (
                "光伏支架配套项目",
                "江苏光伏支架有限公司",
                "zone2",
                ReferrerKind.INVESTOR,
                "苏州某光伏企业",
            ),
            (
                "纸箱包装配套项目",
                "河北纸箱包装有限公司",
                "zone1",
                ReferrerKind.ENTERPRISE,
                "沧澜本地纸业企业",
            ),
            ("农机零部件项目", "山东农机零部件有限公司", "town3", ReferrerKind.CADRE, ""),
        ]:
            leads.append(
                services_work.lead_report(
                    actor=cadre,
                    unit=self.units[unit],
                    name=name,
                    investor_name=investor,
                    origin_region=self.regions["32" if "江苏" in investor else "13"],
                    industry=self.divisions["33"],
                    total_investment=Decimal("6000"),
                    referrer_kind=kind,
                    referrer_name=referrer,
                    deadline=TODAY + timedelta(days=20),
                    at=_at(TODAY - timedelta(days=15)),
                )
            )
        for lead in leads[:4]:
            services_work.lead_take_up(
                actor=self.users[reporters.get(lead.unit.code, "zone1_staff")], lead=lead
            )
        converted = 0
        for lead in leads[4:6]:
            actor = self.users[reporters[lead.unit.code]]
            services_work.lead_convert(
                actor=actor,
                lead=lead,
                next_action=lead.next_action or "赴企业对接投资方案",
                next_action_date=TODAY + timedelta(days=14),
            )
            converted += 1
        services_work.lead_drop(
            actor=self.users[reporters[leads[6].unit.code]],
            lead=leads[6],
            reason="对方董事会决定暂缓在华北投资。",
        )
        return len(leads), converted

    # Projects on links, sites, catalogue ------------------------------------------------------

    def project_links(self, links):
        by_division = {}
        for code, (link, division) in links.items():
            if code not in d.WEAK:
                by_division.setdefault(division, []).append(link)
        taken = set(ProjectLink.objects.values_list("project_id", flat=True))
        rows = []
        for project in Project.objects.filter(stage__kind="pipeline").select_related("industry"):
            choices = by_division.get(project.industry.code)
            if choices and project.pk not in taken and self.rng.random() < 0.7:
                rows.append(ProjectLink(project=project, link=self.rng.choice(choices)))
        ProjectLink.objects.bulk_create(rows)
        return len(rows)

    def sites(self):
        rows = []
        for platform_code, sites in d.SITES.items():
            platform = self.platforms.get(platform_code)
            if platform is None:
                continue
            for n, (code, kind, name, size, use, price, utilities) in enumerate(sites, 1):
                rows.append(
                    Site(
                        code=code,
                        platform=platform,
                        kind=kind,
                        name=name,
                        area_mu=Decimal(size) if kind == "parcel" else None,
                        floor_area_m2=Decimal(size) if kind == "building" else None,
                        land_use=use,
                        price=Decimal(price),
                        utilities=utilities,
                        position=n * 10,
                    )
                )
        Site.objects.bulk_create(rows)
        # Landed projects on a platform hold one of its parcels, so some show as taken.
        held = 0
        for platform in self.platforms.values():
            project = (
                Project.objects.filter(platform=platform, stage__landed=True).order_by("pk").first()
            )
            site = (
                Site.objects.filter(platform=platform, status=SiteStatus.AVAILABLE, kind="parcel")
                .exclude(code__in=[c[3] for c in d.CATALOGUE])
                .first()
            )
            if project is not None and site is not None:
                site.status = SiteStatus.TAKEN
                site.project = project
                site.save(update_fields=["status", "project"])
                held += 1
        return len(rows), held

    def catalogue(self, links):
        sites = {s.code: s for s in Site.objects.all()}
        rows = []
        for n, row in enumerate(d.CATALOGUE, 1):
            name, link, platform, site, investment, content, market, conditions, incentives = row
            if platform not in self.platforms:
                continue
            rows.append(
                CatalogueItem(
                    name=name,
                    link=links[link][0],
                    platform=self.platforms[platform],
                    site=sites.get(site),
                    investment=Decimal(investment),
                    content=content,
                    market=market,
                    conditions=conditions,
                    incentives=incentives,
                    contact_unit=self.platforms[platform].unit or self.units["zsj"],
                    status=CatalogueStatus.PUBLISHED,
                    position=n * 10,
                )
            )
        CatalogueItem.objects.bulk_create(rows)
        return len(rows)

    def run(self):
        links = self.chains()
        investors = self.enterprises(links)
        contacts = self.contacts(investors)
        trips, visits = self.trips(investors)
        leads, converted = self.leads(links)
        on_links = self.project_links(links)
        sites, held = self.sites()
        items = self.catalogue(links)
        self.say(
            f"  targeting: {len(links)} chain links, {contacts} contacts, {len(trips)} trips, "
            f"{visits} visits, {leads} leads ({converted} projects), {on_links} projects on "
            f"links, {sites} sites ({held} taken), {items} catalogue projects"
        )


def load_demo_targeting(stdout=None):
    if Chain.objects.exists():
        return
    _Loader(stdout).run()
