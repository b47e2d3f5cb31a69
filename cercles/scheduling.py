"""Dates of recurring meetings: « le deuxième mardi du mois, à 18 h »."""

import calendar
import datetime


def same_weekday_next_month(day: datetime.date) -> datetime.date:
    """The same weekday of the same week rank in the following month.

    The 2nd Tuesday of March gives the 2nd Tuesday of April. A 5th weekday that the next
    month does not have gives that month's last one.
    """
    rank = (day.day - 1) // 7  # 0 for the 1st weekday of its kind in the month
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    first_weekday, days_in_month = calendar.monthrange(year, month)
    first = 1 + (day.weekday() - first_weekday) % 7
    candidate = first + 7 * rank
    while candidate > days_in_month:
        candidate -= 7
    return datetime.date(year, month, candidate)
