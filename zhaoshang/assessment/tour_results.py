"""Tour results (ASM-3): exact, and every number says where it comes from.

The arithmetic runs on fractions, so that nothing is rounded on the way: a result is rounded
once, at the end, ROUND_HALF_UP to two places, as a clerk writes it on the results sheet.

- An entry's mark by one judge is Σ over the criteria of mark / maximum × weight (out of 100).
- Weighted average: Σ(judge weight × judge's mark) / Σ(weights of the judges who marked it).
- Trimmed: with three judges' marks or more, one highest and one lowest are dropped and the
  rest averaged plainly; with fewer, all are averaged.
- Votes: each judge gives each entry a place; entries are ordered by mean place (lower is
  better), equal means share a place (1, 2, 2, 4), and a place is worth
  ``place_first − (place − 1) × place_step`` points, never below 0.
- A unit's result is the mean of its entries' results.

``tour_result`` serves one tour's page; ``year_tour_results`` serves the scoring engine. Both
read a constant number of queries, however many tours, entries and marks there are.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from math import floor

from django.db.models import F
from django.utils.translation import gettext as _

from zhaoshang.assessment.choices import TourMethod, TourStatus
from zhaoshang.assessment.models import Tour, TourCriterion, TourEntry, TourJudge, TourMark

PLACES = 2
# Intermediate numbers in an explanation: exact when they have at most this many decimals.
SHOWN_PLACES = 4


def round_half_up(value, places=PLACES):
    """A fraction rounded half away from zero, exactly (no intermediate decimal division)."""
    scaled = Fraction(value) * 10**places
    magnitude = floor(abs(scaled) + Fraction(1, 2))
    return Decimal(magnitude if scaled >= 0 else -magnitude).scaleb(-places)


def shown(value):
    """A number as an explanation writes it: 92, 36.8, 26.6667."""
    if value is None:
        return "—"
    number = round_half_up(value, SHOWN_PLACES).normalize()
    return f"{number:f}"


def final(value):
    return None if value is None else round_half_up(value)


def _mean(values):
    return sum(values, Fraction(0)) / len(values)


def _sum_text(values):
    return " + ".join(shown(v) for v in values)


@dataclass(frozen=True)
class CriterionMark:
    criterion: str
    mark: Decimal
    max_score: Decimal
    weight: Decimal
    points: Fraction

    @property
    def formula(self):
        return f"{shown(self.mark)} / {shown(self.max_score)} × {shown(self.weight)}"


@dataclass(frozen=True)
class JudgeLine:
    """One judge on one entry: the marks per criterion (or the place) and what came of them."""

    judge_id: int
    judge: str
    weight: Decimal
    marks: tuple = ()
    total: Fraction | None = None
    place: int | None = None
    # "highest" or "lowest" when a trimmed mean left this judge's mark out.
    dropped: str = ""

    @property
    def dropped_label(self):
        return {"highest": _("highest, left out"), "lowest": _("lowest, left out")}.get(
            self.dropped, ""
        )

    @property
    def total_shown(self):
        return shown(self.total) if self.total is not None else ""

    @property
    def formula(self):
        if self.total is None:
            return ""
        terms = " + ".join(m.formula for m in self.marks)
        points = _sum_text(m.points for m in self.marks)
        if len(self.marks) == 1:
            return f"{terms} = {shown(self.total)}"
        return f"{terms} = {points} = {shown(self.total)}"


@dataclass(frozen=True)
class EntryResult:
    entry_id: int
    public_id: str
    unit_id: int
    unit: str
    project_id: int | None
    project: str
    judges: tuple
    exact: Fraction | None
    formula: str
    mean_place: Fraction | None = None
    place: int | None = None

    @property
    def value(self):
        return final(self.exact)

    @property
    def label(self):
        return self.project or self.unit


@dataclass(frozen=True)
class UnitResult:
    unit_id: int
    unit: str
    entries: tuple
    exact: Fraction | None
    formula: str

    @property
    def value(self):
        return final(self.exact)


@dataclass(frozen=True)
class TourResult:
    tour_id: int
    method: str
    criteria: tuple
    entries: tuple
    units: tuple

    def for_unit(self, unit_id):
        return next((u for u in self.units if u.unit_id == unit_id), None)


@dataclass(frozen=True)
class _Data:
    """What one tour's result is computed from, as loaded in bulk."""

    tour: Tour
    criteria: list
    judges: list
    entries: list
    marks: list


def _judge_name(judge):
    return judge.user.full_name or judge.user.username


def _mark_lines(data, entry, scores, factors):
    """``factors``: each criterion's weight ÷ maximum, exact, computed once per tour."""
    lines = []
    for judge in data.judges:
        given = scores.get((entry.pk, judge.pk), {})
        if not data.criteria or any(c.pk not in given for c in data.criteria):
            continue
        marks = tuple(
            CriterionMark(
                criterion=c.name,
                mark=given[c.pk],
                max_score=c.max_score,
                weight=c.weight,
                points=Fraction(given[c.pk]) * factors[c.pk],
            )
            for c in data.criteria
        )
        lines.append(
            JudgeLine(
                judge_id=judge.pk,
                judge=_judge_name(judge),
                weight=judge.weight,
                marks=marks,
                total=sum((m.points for m in marks), Fraction(0)),
            )
        )
    return lines


def _weighted(lines):
    if not lines:
        return None, ""
    weights = sum((Fraction(line.weight) for line in lines), Fraction(0))
    exact = sum((Fraction(line.weight) * line.total for line in lines), Fraction(0)) / weights
    products = " + ".join(f"{shown(line.weight)} × {shown(line.total)}" for line in lines)
    divisor = " + ".join(shown(line.weight) for line in lines)
    if len(lines) > 1:
        divisor = f"({divisor})"
    return exact, f"({products}) / {divisor} = {final(exact)}"


def _trimmed(lines):
    """Returns the lines with the dropped ones marked, the mean and its explanation."""
    if not lines:
        return lines, None, ""
    order = sorted(range(len(lines)), key=lambda i: (lines[i].total, i))
    dropped = {}
    if len(lines) >= 3:
        dropped = {order[0]: "lowest", order[-1]: "highest"}
    kept = [line.total for i, line in enumerate(lines) if i not in dropped]
    exact = _mean(kept)
    formula = f"({_sum_text(kept)}) / {len(kept)} = {final(exact)}"
    if dropped:
        formula += " " + _("(highest %(high)s and lowest %(low)s left out)") % {
            "high": shown(lines[order[-1]].total),
            "low": shown(lines[order[0]].total),
        }
    marked = [replace(line, dropped=dropped.get(i, "")) for i, line in enumerate(lines)]
    return marked, exact, formula


def _entry(entry, lines, exact, formula, **extra):
    return EntryResult(
        entry_id=entry.pk,
        public_id=str(entry.public_id),
        unit_id=entry.unit_id,
        unit=entry.unit.name,
        project_id=entry.project_id,
        project=entry.project.name if entry.project_id else "",
        judges=tuple(lines),
        exact=exact,
        formula=formula,
        **extra,
    )


def _mark_results(data):
    scores = defaultdict(dict)
    for mark in data.marks:
        if mark.criterion_id is not None and mark.score is not None:
            scores[(mark.entry_id, mark.judge_id)][mark.criterion_id] = mark.score
    factors = {c.pk: Fraction(c.weight) / Fraction(c.max_score) for c in data.criteria}
    results = []
    for entry in data.entries:
        lines = _mark_lines(data, entry, scores, factors)
        if data.tour.method == TourMethod.TRIMMED_MEAN:
            lines, exact, formula = _trimmed(lines)
        else:
            exact, formula = _weighted(lines)
        results.append(_entry(entry, lines, exact, formula))
    return results


def competition_places(keys):
    """1, 2, 2, 4: equal keys share the best place; ``keys`` maps an item to its sort key."""
    places = {}
    ordered = sorted(keys.items(), key=lambda item: item[1])
    for index, (item, key) in enumerate(ordered):
        if index and key == ordered[index - 1][1]:
            places[item] = places[ordered[index - 1][0]]
        else:
            places[item] = index + 1
    return places


def _vote_results(data):
    tour = data.tour
    placed = defaultdict(dict)
    for mark in data.marks:
        if mark.criterion_id is None and mark.place is not None:
            placed[mark.entry_id][mark.judge_id] = mark.place
    lines = {
        entry.pk: [
            JudgeLine(
                judge_id=judge.pk,
                judge=_judge_name(judge),
                weight=judge.weight,
                place=placed[entry.pk][judge.pk],
            )
            for judge in data.judges
            if judge.pk in placed[entry.pk]
        ]
        for entry in data.entries
    }
    means = {pk: _mean([line.place for line in rows]) for pk, rows in lines.items() if rows}
    places = competition_places(means)
    first, step = Fraction(tour.place_first), Fraction(tour.place_step)
    results = []
    for entry in data.entries:
        rows = lines[entry.pk]
        if not rows:
            results.append(_entry(entry, rows, None, ""))
            continue
        mean, place = means[entry.pk], places[entry.pk]
        points = max(Fraction(0), first - (place - 1) * step)
        formula = _(
            "mean place (%(places)s) / %(n)s = %(mean)s → place %(place)s → "
            "%(first)s − (%(place)s − 1) × %(step)s = %(points)s"
        ) % {
            "places": _sum_text(line.place for line in rows),
            "n": len(rows),
            "mean": shown(mean),
            "place": place,
            "first": shown(first),
            "step": shown(step),
            "points": final(points),
        }
        results.append(_entry(entry, rows, points, formula, mean_place=mean, place=place))
    return results


def _unit_results(entries):
    by_unit = defaultdict(list)
    for entry in entries:
        by_unit[entry.unit_id].append(entry)
    units = []
    for unit_id, rows in by_unit.items():
        counted = [e.exact for e in rows if e.exact is not None]
        exact = _mean(counted) if counted else None
        if not counted:
            formula = ""
        elif len(counted) == 1:
            formula = f"{final(exact)}"
        else:
            formula = f"({_sum_text(counted)}) / {len(counted)} = {final(exact)}"
        units.append(UnitResult(unit_id, rows[0].unit, tuple(rows), exact, formula))
    # Best first; units without a result last, in the order they were entered.
    units.sort(key=lambda u: (u.exact is None, -(u.exact or 0)))
    return tuple(units)


def compute(data):
    if data.tour.method == TourMethod.PLACE_VOTES:
        entries = _vote_results(data)
    else:
        entries = _mark_results(data)
    return TourResult(
        tour_id=data.tour.pk,
        method=data.tour.method,
        criteria=tuple(data.criteria),
        entries=tuple(entries),
        units=_unit_results(entries),
    )


def _load(tours):
    """Everything the tours' results need, in four queries whatever their size."""
    ids = [t.pk for t in tours]
    criteria, judges, entries, marks = (defaultdict(list) for _i in range(4))
    for row in TourCriterion.objects.filter(tour__in=ids).order_by("position", "pk"):
        criteria[row.tour_id].append(row)
    for row in TourJudge.objects.filter(tour__in=ids).select_related("user").order_by("pk"):
        judges[row.tour_id].append(row)
    for row in (
        TourEntry.objects.filter(tour__in=ids)
        .select_related("unit", "project")
        .order_by("position", "pk")
    ):
        entries[row.tour_id].append(row)
    for row in TourMark.objects.filter(entry__tour__in=ids).annotate(tour_pk=F("entry__tour")):
        marks[row.tour_pk].append(row)
    return [_Data(t, criteria[t.pk], judges[t.pk], entries[t.pk], marks[t.pk]) for t in tours]


def tour_result(tour):
    """The result of one tour, entry by entry and unit by unit, with the numbers used."""
    return compute(_load([tour])[0])


def tour_results(tours):
    """``{tour_id: TourResult}`` for several tours at once (a list page, the API)."""
    return {data.tour.pk: compute(data) for data in _load(list(tours))}


def year_tour_results(*, year, through_month):
    """``{unit_id: {quarter: result}}`` from the year's closed tours whose quarter has ended by
    ``through_month`` (quarter q ends in month 3q). ``year`` is the calendar year or an
    ``AssessmentYear``. Units with no result in a tour are absent from that quarter."""
    number = getattr(year, "year", year)
    tours = list(
        Tour.objects.filter(
            year__year=number, status=TourStatus.CLOSED, quarter__lte=through_month // 3
        ).order_by("quarter")
    )
    results = defaultdict(dict)
    for data in _load(tours):
        for unit in compute(data).units:
            if unit.exact is not None:
                results[unit.unit_id][data.tour.quarter] = unit.value
    return dict(results)
