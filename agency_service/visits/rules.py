"""Visits: settings, errors and the pure date rules (when a visit falls due, where it lands, when minutes are late)."""

import datetime

import frappe
from frappe import _
from frappe.utils import (
	cint,
	get_datetime,
	getdate,
)

VISIT = "Client Visit"
SETTINGS = "Visit and Care Settings"
VISIT_SERIES = "VIS-.YYYY.-.#####"
EVENT_SERIES = "EV.#####"
MINUTES_PRINT_FORMAT = "Client Visit Minutes"

PLANNED, MINUTES_DUE, MINUTES_OVERDUE, COMPLETED, CANCELLED = (
	"Planned",
	"Minutes Due",
	"Minutes Overdue",
	"Completed",
	"Cancelled",
)
DEFAULT_CHANNEL = "On-Site at Client"
DEFAULT_SETTINGS = {
	"planning_horizon_days": 14,
	"default_visit_hour": 10,
	"default_visit_minutes": 60,
	"minutes_due_hours": 24,
	"escalation_hours": 24,
}


def default_checklist() -> list[str]:
	return [
		_("Review the client's recent activity shown on this form"),
		_("Confirm the agenda and attendees with the client"),
		_("Prepare the materials to present"),
	]


class VisitScheduleError(frappe.ValidationError):
	pass


class MinutesMissingError(frappe.ValidationError):
	pass


class VisitNotOverError(frappe.ValidationError):
	pass


class ActionItemError(frappe.ValidationError):
	pass


class VisitAlreadyPlannedError(frappe.ValidationError):
	pass


def get_settings() -> frappe._dict:
	values = frappe.db.get_singles_dict(SETTINGS)
	settings = frappe._dict(DEFAULT_SETTINGS)
	for key in DEFAULT_SETTINGS:
		if values.get(key) not in (None, ""):
			settings[key] = values[key]
	for key in DEFAULT_SETTINGS:
		settings[key] = cint(settings[key])
	return settings


# --- pure rules ----------------------------------------------------------------------------------


def next_visit_due(
	last_visit: datetime.date | None, cadence_days: int, today: datetime.date
) -> datetime.date:
	"""The date the next visit falls due: ``cadence_days`` after the last one, or today if never visited."""
	if not last_visit:
		return today
	return getdate(last_visit) + datetime.timedelta(days=cadence_days)


def is_due_within(due: datetime.date, today: datetime.date, horizon_days: int) -> bool:
	return due <= today + datetime.timedelta(days=horizon_days)


def planned_visit_date(
	due: datetime.date, today: datetime.date, days_off: set[datetime.date] | frozenset = frozenset()
) -> datetime.date:
	"""The day to visit: the due date (today if already overdue), moved past holidays and weekends off."""
	day = max(due, today)
	while day in days_off:
		day += datetime.timedelta(days=1)
	return day


def minutes_deadline(visit_end, due_hours: int) -> datetime.datetime:
	return get_datetime(visit_end) + datetime.timedelta(hours=due_hours)


def minutes_are_late(deadline, at) -> bool:
	"""Minutes are on time strictly before the deadline; at the deadline itself they are late."""
	return get_datetime(at) >= get_datetime(deadline)
