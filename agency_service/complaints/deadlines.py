"""Deadlines and the escalation schedule of one complaint (ERPNext's SLA engine, business hours)."""

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, flt, get_datetime

from agency_service.agency_service.doctype.client_tier.client_tier import get_default_tier
from agency_service.complaints.agreements import agreement_name, settings
from agency_service.complaints.base import (
	CRITICAL,
	CRITICAL_COMPLAINT,
	DIRECTOR,
	FULFILLED_STATUSES,
	MANAGEMENT,
	RESOLUTION,
	RESPONSE,
	WARNING,
)

# --- deadlines and the escalation schedule of one complaint ----------------------------------------


def service_level(doc):
	"""The agreement's priority row for the complaint, in the shape ERPNext's deadline function takes."""
	if not doc.get("service_level_agreement") or not doc.get("priority"):
		return None
	sla = frappe.get_cached_doc("Service Level Agreement", doc.service_level_agreement)
	row = next((p for p in sla.priorities if p.priority == doc.priority), None)
	if not row:
		return None
	return frappe._dict(
		response_time=row.response_time,
		resolution_time=row.resolution_time,
		support_and_resolution=sla.support_and_resolution,
		holiday_list=sla.holiday_list,
	)


def warning_time(doc, parameter: str, level, percent: float):
	"""When ``percent`` of the deadline's business time will have passed (hold time added, as ERPNext does)."""
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
		get_expected_time_for,
	)

	key = f"{parameter}_time"
	allotted = flt(level.get(key)) * percent / 100
	if allotted <= 0:
		return None
	start = get_datetime(doc.get("service_level_agreement_creation") or doc.creation)
	warn_at = get_expected_time_for(parameter, frappe._dict(level, **{key: allotted}), start)
	return add_to_date(warn_at, seconds=round(flt(doc.get("total_hold_time"))))


def apply_deadlines(doc):
	"""Run ERPNext's agreement engine on the complaint with its tier's agreement (before save).

	ERPNext's ``process_sla`` step by step, with the agreement read from the document cache: its own
	entry point reads the agreement and its tables from the database on every save, which is most of
	what filing a complaint costs. A new complaint has no status change to handle.
	"""
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
		handle_status_change,
		now_datetime,
		remove_sla_if_applied,
		set_resolution_by,
		set_response_by,
		update_agreement_status,
	)

	name = next(
		(
			agreement_name(tier)
			for tier in (doc.get("client_tier"), get_default_tier())
			if tier and frappe.db.exists("Service Level Agreement", agreement_name(tier), cache=True)
		),
		None,
	)
	if not name:
		remove_sla_if_applied(doc)
		return
	if not doc.creation:
		doc.creation = now_datetime(doc.get("owner"))
		doc.service_level_agreement_creation = doc.creation
	doc.service_level_agreement = name
	doc.priority = doc.get("priority") or "Medium"
	if not doc.is_new() or doc.flags.on_first_reply:
		handle_status_change(doc, 1)
	level = service_level(doc)
	if not level:  # a severity the agreement has no row for: ERPNext's own message
		process_sla(doc, name)
		return
	start = get_datetime(doc.get("service_level_agreement_creation") or doc.creation)
	set_response_by(doc, start, level)
	if not doc.get("on_hold_since"):  # the resolution deadline stays open while on hold
		set_resolution_by(doc, start, level)
	update_agreement_status(doc, 1)


def process_sla(doc, name: str):
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import process_sla

	process_sla(doc, frappe._dict(name=name, default_priority="Medium", apply_sla_for_resolution=1))


def give_default_tier(customer: str) -> str | None:
	"""The default tier for a client that has none, saved on the client (and in its tier history, as a
	first tier set by hand is); the client's row is locked so two complaints filed at once set it once."""
	tier = get_default_tier()
	if not tier:
		return None
	client = frappe.get_doc("Customer", customer, for_update=True)
	if client.client_tier:
		return client.client_tier
	client.client_tier = tier
	client.flags.ignore_permissions = True
	client.save()
	client.add_comment("Info", _("Given the default tier {0}: a complaint needs its deadlines.").format(tier))
	return tier


def set_escalation_schedule(doc):
	"""Warning times and ``next_escalation_at`` (called after ERPNext has set the deadlines)."""
	level = service_level(doc)
	percent = flt(settings().warning_percent) or 75
	responded = bool(doc.get("first_responded_on"))
	resolved = doc.status in FULFILLED_STATUSES
	doc.response_warn_at = (
		warning_time(doc, "response", level, percent) if level and doc.response_by and not responded else None
	)
	doc.resolution_warn_at = (
		warning_time(doc, "resolution", level, percent)
		if level and doc.get("sla_resolution_by") and not resolved
		else None
	)
	doc.next_escalation_at = next_escalation_at(doc)


def next_escalation_at(row):
	"""The earliest time the escalation job has anything to do for this complaint, or None.

	One function for both the complaint's save and the job, which passes plain rows.
	"""
	if row.get("status") in FULFILLED_STATUSES:
		return None
	candidates = []
	if row.get("priority") == CRITICAL and not cint(row.get("management_escalated")):
		candidates.append(row.get("received_at") or row.get("creation"))
	# each running deadline: its warning point until warned, then the deadline until escalated
	for kind, deadline, running in (
		("response", "response_by", not row.get("first_responded_on")),
		("resolution", "sla_resolution_by", True),
	):
		if not (running and row.get(deadline)):
			continue
		if not cint(row.get(f"{kind}_warned")) and row.get(f"{kind}_warn_at"):
			candidates.append(row.get(f"{kind}_warn_at"))
		elif not cint(row.get(f"{kind}_escalated")):
			candidates.append(row.get(deadline))
	candidates = [get_datetime(c) for c in candidates if c]
	return min(candidates) if candidates else None


def due_escalations(row, now) -> list[tuple[str, str]]:
	"""The (level, deadline) escalations due for one complaint row at ``now``; updates the row's flags."""
	events = []
	if row.status in FULFILLED_STATUSES:
		return events
	breaches = cint(row.response_breached) + cint(row.resolution_breached)
	for kind, label, deadline, running in (
		("response", RESPONSE, row.response_by, not row.first_responded_on),
		("resolution", RESOLUTION, row.sla_resolution_by, True),
	):
		if not (running and deadline):
			continue
		warn_at = row.get(f"{kind}_warn_at")
		if not cint(row.get(f"{kind}_warned")) and warn_at and warn_at <= now:
			setattr(row, f"{kind}_warned", 1)
			events.append((WARNING, label))
		if not cint(row.get(f"{kind}_escalated")) and deadline <= now:
			row.update({f"{kind}_warned": 1, f"{kind}_escalated": 1})
			if not cint(row.get(f"{kind}_breached")):
				setattr(row, f"{kind}_breached", 1)
				breaches += 1
			events.append((DIRECTOR, label))
	if not cint(row.management_escalated):
		if row.priority == CRITICAL:
			row.management_escalated = 1
			events.append((MANAGEMENT, CRITICAL_COMPLAINT))
		elif breaches >= 2:
			row.management_escalated = 1
			events.append((MANAGEMENT, RESOLUTION))
	return events
