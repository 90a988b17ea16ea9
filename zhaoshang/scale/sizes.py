"""How big each scale is (DESIGN section 5) and the fixed calendar the data is laid on."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Scale:
    name: str
    units: int  # every unit in the tree, the county root included
    projects: int


SCALES = {
    # A handful of units for tests and CI load runs; not one of DESIGN's scales.
    "small": Scale("small", units=12, projects=300),
    "county": Scale("county", units=100, projects=5_000),
    "city": Scale("city", units=1_000, projects=50_000),
    "province": Scale("province", units=10_000, projects=1_000_000),
}

# History starts on the first working day of 2025; "today" is fixed so that the same seed gives
# the same rows whatever day the generator runs. Two assessment years: 2025 whole, 2026 so far.
HISTORY_START = date(2025, 1, 2)
DEFAULT_AS_OF = date(2026, 11, 20)
YEARS = (2025, 2026)

# One unit in five is a sub-unit (a township's investment office…) under an assessed unit.
SUB_UNIT_SHARE = 0.2
