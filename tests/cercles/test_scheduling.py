import datetime

import pytest

from cercles.scheduling import same_weekday_next_month


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-03-11", "2025-04-08"),  # 2nd Tuesday → 2nd Tuesday
        ("2025-01-02", "2025-02-06"),  # 1st Thursday → 1st Thursday
        ("2025-12-09", "2026-01-13"),  # across the new year
        ("2025-05-29", "2025-06-26"),  # 5th Thursday of May → June has 4: the last one
        ("2024-01-31", "2024-02-28"),  # 5th Wednesday → last Wednesday of February 2024
    ],
)
def test_same_weekday_of_the_same_week_next_month(day, expected):
    result = same_weekday_next_month(datetime.date.fromisoformat(day))
    assert result == datetime.date.fromisoformat(expected)
    assert result.weekday() == datetime.date.fromisoformat(day).weekday()
