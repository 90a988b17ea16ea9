"""Deterministic data at county, city and province scale for benchmarks, load runs and drills
(``manage.py generate_scale``)."""
