"""Pure date rules of the care calendar: when a yearly occasion falls, and the occasions in a window."""

import calendar
import datetime

import frappe
from frappe import _
from frappe.utils import cint, getdate

from agency_service.care.setup import InvalidCareOccasionError

# --- pure date rules -------------------------------------------------------------------------------


def occasion_date_in_year(month: int, day: int, year: int) -> datetime.date:
	"""The day a yearly occasion falls on in ``year``; 29 February is kept on 28 February in common years."""
	if month == 2 and day == 29 and not calendar.isleap(year):
		return datetime.date(year, 2, 28)
	return datetime.date(year, month, day)


def occurrences_between(
	month: int, day: int, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
	"""Dates of a yearly (month, day) occasion within [start, end]."""
	dates = []
	for year in range(start.year, end.year + 1):
		date = occasion_date_in_year(month, day, year)
		if start <= date <= end:
			dates.append(date)
	return dates


def month_days_between(start: datetime.date, end: datetime.date) -> dict[tuple[int, int], datetime.date]:
	"""(month, day) -> the date it is celebrated in [start, end], including 29 February in common years."""
	found = {}
	day = start
	while day <= end:
		found[(day.month, day.day)] = day
		if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
			found[(2, 29)] = day
		day += datetime.timedelta(days=1)
	return found


def validate_care_occasion(doc):
	if not doc.fixed_month and not doc.fixed_day and not doc.dates:
		frappe.throw(
			_("Give the occasion a fixed day every year or at least one date."),
			title=_("Invalid Care Occasion"),
			exc=InvalidCareOccasionError,
		)
	if doc.fixed_month or doc.fixed_day:
		month, day = cint(doc.fixed_month), cint(doc.fixed_day)
		days_in_month = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1] if 1 <= month <= 12 else 0
		if not 1 <= day <= days_in_month:
			frappe.throw(
				_("The fixed day of {0} is not a valid day and month.").format(
					frappe.bold(doc.occasion_name)
				),
				title=_("Invalid Care Occasion"),
				exc=InvalidCareOccasionError,
			)
	years = [getdate(row.occasion_date).year for row in doc.dates]
	duplicate = {year for year in years if years.count(year) > 1}
	if duplicate:
		frappe.throw(
			_("{0} has more than one date in {1}.").format(
				frappe.bold(doc.occasion_name), ", ".join(map(str, sorted(duplicate)))
			),
			title=_("Invalid Care Occasion"),
			exc=InvalidCareOccasionError,
		)
