"""Tier service check (分级服务, 001 §6.2): for each client, each promise of its tier over a period — met or
missed.

* **Visit cadence**: no gap longer than the tier's visit cadence between completed visits (the last one
  before the period counts as the start; the end of the period closes the last gap).
* **Survey cadence**: the same over survey responses and the tier's survey cadence.
* **Director-level contact** (tiers that require it: strategic clients): at least one completed visit in the
  period that the client's account director attended.
* **Complaint deadlines**: every complaint received in the period answered and resolved in time.

Set-based: one query per source for every client, the gaps computed in Python from the sorted dates."""

import itertools

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from frappe.utils import add_days, get_datetime, getdate

from agency_service.agency_service.report.utils import count_when
from agency_service.complaints.metrics import any_breached
from agency_service.health.signals import per_client

VISIT_CADENCE, SURVEY_CADENCE, DIRECTOR_CONTACT, COMPLAINT_DEADLINES = (
	"Visit Cadence",
	"Survey Cadence",
	"Director-Level Contact",
	"Complaint Deadlines",
)
MET, MISSED = "Met", "Missed"
LOOKBACK_DAYS = 365  # the last visit or survey before the period, at most this far back


def longest_gap(dates: list, start, end) -> int:
	"""Pure: the longest stretch in days without an event in [start, end]; an event before ``start``
	(the last one) opens the first stretch."""
	start, end = getdate(start), getdate(end)
	before = [d for d in dates if d < start]
	points = [max(before) if before else start, *sorted(d for d in dates if start <= d <= end), end]
	return max((b - a).days for a, b in itertools.pairwise(points))


def cadence_result(promise: str, dates: list, cadence: int, start, end) -> dict:
	gap = longest_gap(dates, start, end)
	return {
		"promise": promise,
		"expected": _("at most {0} days apart").format(cadence),
		"actual": _("longest gap {0} days").format(gap),
		"status": MISSED if gap > cadence else MET,
	}


def check_service(from_date, to_date, filters=None) -> list[dict]:
	"""One row per client and promise of its tier over [from_date, to_date]."""
	filters = frappe._dict(filters or {})
	start, end = getdate(from_date), getdate(to_date)
	if start > end:
		frappe.throw(_("The period starts after it ends."))
	tiers = {
		t.name: t
		for t in frappe.get_all(
			"Client Tier",
			fields=["name", "visit_cadence_days", "survey_cadence_days", "director_contact_required"],
		)
	}
	clients = served_clients(filters)
	names = [c.name for c in clients] or [""]
	visits = completed_visits(names, start, end)
	surveys = survey_dates(names, start, end)
	complaints = complaint_deadlines(names, start, end)
	rows = []
	for client in clients:
		tier = tiers.get(client.client_tier)
		if not tier:
			continue
		base = {
			"customer": client.name,
			"customer_name": client.customer_name,
			"client_tier": client.client_tier,
			"account_manager": client.account_manager,
		}
		client_visits = visits.get(client.name, [])
		results = [
			cadence_result(
				VISIT_CADENCE, [v.day for v in client_visits], tier.visit_cadence_days, start, end
			),
			cadence_result(
				SURVEY_CADENCE, surveys.get(client.name, []), tier.survey_cadence_days, start, end
			),
		]
		if tier.director_contact_required:
			results.append(director_contact(client, client_visits, start))
		received, breached = complaints.get(client.name, (0, 0))
		if received:
			results.append(
				{
					"promise": COMPLAINT_DEADLINES,
					"expected": _("{0} complaints answered and resolved in time").format(received),
					"actual": _("{0} deadlines missed").format(breached),
					"status": MISSED if breached else MET,
				}
			)
		rows += [{**base, **result} for result in results]
	return rows


def director_contact(client, visits, start) -> dict:
	met = [
		v for v in visits if v.day >= start and client.account_director and client.account_director in v.staff
	]
	return {
		"promise": DIRECTOR_CONTACT,
		"expected": _("a visit attended by the account director"),
		"actual": _("{0} visits with the director").format(len(met)),
		"status": MET if met else MISSED,
	}


def served_clients(filters) -> list[frappe._dict]:
	conditions = {"disabled": 0, "client_tier": ("is", "set")}
	for field in ("customer", "client_tier", "account_manager"):
		if filters.get(field):
			conditions["name" if field == "customer" else field] = filters[field]
	return frappe.get_all(
		"Customer",
		filters=conditions,
		fields=["name", "customer_name", "client_tier", "account_manager", "account_director"],
		order_by="name",
	)


def completed_visits(names, start, end) -> dict[str, list[frappe._dict]]:
	visit, staff = DocType("Client Visit"), DocType("Client Visit Staff")
	rows = (
		frappe.qb.from_(visit)
		.left_join(staff)
		.on((staff.parent == visit.name) & (staff.parenttype == "Client Visit"))
		.select(visit.customer, visit.name, visit.visit_start, staff.user)
		.where(
			visit.customer.isin(names)
			& (visit.docstatus == 1)
			& (visit.visit_start >= add_days(start, -LOOKBACK_DAYS))
			& (visit.visit_start < add_days(end, 1))
		)
		.run(as_dict=True)
	)
	by_visit: dict[str, frappe._dict] = {}
	for row in rows:
		entry = by_visit.setdefault(
			row.name, frappe._dict(customer=row.customer, day=getdate(row.visit_start), staff=set())
		)
		if row.user:
			entry.staff.add(row.user)
	result: dict[str, list] = {}
	for entry in by_visit.values():
		result.setdefault(entry.customer, []).append(entry)
	return result


def survey_dates(names, start, end) -> dict[str, list]:
	response = DocType("Survey Response")
	rows = (
		frappe.qb.from_(response)
		.select(response.customer, response.responded_on)
		.where(
			response.customer.isin(names)
			& (response.responded_on >= add_days(start, -LOOKBACK_DAYS))
			& (response.responded_on < add_days(end, 1))
		)
		.run()
	)
	result: dict[str, list] = {}
	for customer, responded_on in rows:
		result.setdefault(customer, []).append(getdate(responded_on))
	return result


def complaint_deadlines(names, start, end) -> dict[str, tuple[int, int]]:
	complaint = DocType("Client Complaint")
	window = (complaint.received_at >= start) & (complaint.received_at < add_days(end, 1))
	rows = per_client(complaint, names, window, Count("*"), count_when(any_breached(get_datetime())))
	return {customer: (int(received), int(breached or 0)) for customer, received, breached in rows}
