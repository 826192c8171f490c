"""Every client's health signals, set-based: one grouped query per source for a whole batch of clients.

``naive_signals`` reads the same signals one client at a time (the way a per-client loop would); the
benchmark prints its time beside the set-based one and checks that both agree."""

import frappe
from frappe.query_builder import Case, DocType
from frappe.query_builder.functions import Count, Max, Min, Sum
from frappe.utils import add_days, cint, flt, getdate

from agency_service.health.rules import HealthSignals
from agency_service.surveys.scores import csat_from_counts, nps_from_counts

YEAR_DAYS = 365
SURVEY_WINDOW_DAYS = 180
COMPLAINT_WINDOW_DAYS = 90


def windows(as_of) -> frappe._dict:
	"""The date boundaries of every signal, as of the end of ``as_of``."""
	as_of = getdate(as_of)
	return frappe._dict(
		as_of=as_of,
		end=add_days(as_of, 1),  # datetimes before the next midnight
		year_start=add_days(as_of, -YEAR_DAYS),  # revenue: posting_date > year_start
		two_years_start=add_days(as_of, -2 * YEAR_DAYS),
		survey_recent=add_days(as_of, 1 - SURVEY_WINDOW_DAYS),  # responded_on >= survey_recent
		survey_previous=add_days(as_of, 1 - 2 * SURVEY_WINDOW_DAYS),
		complaints_from=add_days(as_of, 1 - COMPLAINT_WINDOW_DAYS),
	)


def when(condition, value):
	return Case().when(condition, value).else_(0)


def collect_signals(clients: list[frappe._dict], as_of, cadences: dict[str, int]) -> dict[str, HealthSignals]:
	"""Signals of ``clients`` (rows with ``name`` and ``client_tier``) as of ``as_of``."""
	w = windows(as_of)
	names = [c.name for c in clients] or [""]
	revenue = revenue_by_year(names, w)
	surveys = survey_counts(names, w)
	visits = visit_figures(names, w)
	complaints = complaint_counts(names, w)
	overdue = overdue_receivables(names, w)
	signals = {}
	for c in clients:
		this_year, last_year = revenue.get(c.name, (0.0, 0.0))
		overdue_amount, oldest_due = overdue.get(c.name, (0.0, None))
		overdue_visits, last_contact = visits.get(c.name, (0, None))
		signals[c.name] = HealthSignals(
			revenue_this_year=this_year,
			revenue_last_year=last_year,
			**surveys.get(c.name, {}),
			overdue_visits=overdue_visits,
			complaints_90_days=complaints.get(c.name, 0),
			overdue_amount=overdue_amount,
			oldest_overdue_days=(w.as_of - getdate(oldest_due)).days if oldest_due else 0,
			days_since_contact=(w.as_of - getdate(last_contact)).days if last_contact else None,
			cadence_days=cadences.get(c.client_tier),
		)
	return signals


def per_client(table, names: list[str], condition, *measures) -> list[tuple]:
	"""``(customer, *measures)`` of the rows of ``table`` meeting ``condition``, one row per client."""
	return (
		frappe.qb.from_(table)
		.select(table.customer, *measures)
		.where(table.customer.isin(names) & condition)
		.groupby(table.customer)
		.run()
	)


def revenue_by_year(names: list[str], w) -> dict[str, tuple[float, float]]:
	invoice = DocType("Sales Invoice")
	in_two_years = (invoice.posting_date > w.two_years_start) & (invoice.posting_date <= w.as_of)
	rows = per_client(
		invoice,
		names,
		(invoice.docstatus == 1) & in_two_years,
		Sum(when(invoice.posting_date > w.year_start, invoice.base_net_total)),
		Sum(when(invoice.posting_date <= w.year_start, invoice.base_net_total)),
	)
	return {customer: (flt(this), flt(last)) for customer, this, last in rows}


def survey_counts(names: list[str], w) -> dict[str, dict]:
	response = DocType("Survey Response")
	measures = []
	for period in (response.responded_on >= w.survey_recent, response.responded_on < w.survey_recent):
		measures += [
			Sum(when(period, response.satisfied_total)),
			Sum(when(period, response.rated_total)),
			Sum(when(period & (response.nps_category == "Promoter"), 1)),
			Sum(when(period & (response.nps_category == "Detractor"), 1)),
			Sum(when(period & (response.nps_category != ""), 1)),
		]
	window = (response.responded_on >= w.survey_previous) & (response.responded_on < w.end)
	rows = per_client(response, names, window, *measures)
	return {row[0]: survey_figures(*map(cint, row[1:])) for row in rows}


def survey_figures(sat_r, rated_r, pro_r, det_r, nps_r, sat_p, rated_p, pro_p, det_p, nps_p) -> dict:
	return {
		"csat_recent": csat_from_counts(sat_r, rated_r),
		"csat_previous": csat_from_counts(sat_p, rated_p),
		"nps_recent": nps_from_counts(pro_r, det_r, nps_r),
		"nps_previous": nps_from_counts(pro_p, det_p, nps_p),
	}


def visit_figures(names: list[str], w) -> dict[str, tuple[int, object]]:
	"""(planned visits past their due date — the Visits Overdue card's rule —, start of the last completed
	visit)."""
	visit = DocType("Client Visit")
	overdue = (visit.docstatus == 0) & (visit.status == "Planned") & (visit.due_date < w.as_of)
	done = (visit.docstatus == 1) & (visit.visit_start < w.end)
	rows = per_client(
		visit, names, visit.docstatus < 2, Sum(when(overdue, 1)), Max(Case().when(done, visit.visit_start))
	)
	return {customer: (cint(count), last) for customer, count, last in rows}


def complaint_counts(names: list[str], w) -> dict[str, int]:
	complaint = DocType("Client Complaint")
	window = (complaint.received_at >= w.complaints_from) & (complaint.received_at < w.end)
	return {customer: cint(count) for customer, count in per_client(complaint, names, window, Count("*"))}


def overdue_receivables(names: list[str], w) -> dict[str, tuple[float, object]]:
	invoice = DocType("Sales Invoice")
	overdue = (invoice.docstatus == 1) & (invoice.outstanding_amount > 0) & (invoice.due_date < w.as_of)
	amount = Sum(invoice.outstanding_amount * invoice.conversion_rate)
	rows = per_client(invoice, names, overdue, amount, Min(invoice.due_date))
	return {customer: (flt(total), oldest) for customer, total, oldest in rows}


# --- the naive way: one client at a time (benchmark cross-check) -----------------------------------


def naive_signals(customer: str, tier: str | None, as_of, cadences: dict[str, int]) -> HealthSignals:
	w = windows(as_of)
	invoices = frappe.get_all(
		"Sales Invoice",
		filters=[
			["docstatus", "=", 1],
			["customer", "=", customer],
			["posting_date", ">", w.two_years_start],
			["posting_date", "<=", w.as_of],
		],
		fields=["posting_date", "base_net_total"],
	)
	this_year = sum(flt(i.base_net_total) for i in invoices if getdate(i.posting_date) > w.year_start)
	last_year = sum(flt(i.base_net_total) for i in invoices if getdate(i.posting_date) <= w.year_start)
	responses = frappe.get_all(
		"Survey Response",
		filters={"customer": customer, "responded_on": (">=", w.survey_previous)},
		fields=["responded_on", "satisfied_total", "rated_total", "nps_category"],
	)
	counts = []
	for recent in (True, False):
		period = [
			r
			for r in responses
			if r.responded_on < frappe.utils.get_datetime(w.end)
			and (r.responded_on >= frappe.utils.get_datetime(w.survey_recent)) == recent
		]
		counts += [
			sum(cint(r.satisfied_total) for r in period),
			sum(cint(r.rated_total) for r in period),
			sum(1 for r in period if r.nps_category == "Promoter"),
			sum(1 for r in period if r.nps_category == "Detractor"),
			sum(1 for r in period if r.nps_category),
		]
	visits = frappe.get_all(
		"Client Visit",
		filters={"customer": customer, "docstatus": ("<", 2)},
		fields=["docstatus", "status", "visit_start", "due_date"],
	)
	overdue_visits = sum(
		1
		for v in visits
		if v.docstatus == 0 and v.status == "Planned" and v.due_date and getdate(v.due_date) < w.as_of
	)
	done = [
		v.visit_start for v in visits if v.docstatus == 1 and v.visit_start < frappe.utils.get_datetime(w.end)
	]
	complaints = len(
		frappe.get_all(
			"Client Complaint",
			filters=[
				["customer", "=", customer],
				["received_at", ">=", w.complaints_from],
				["received_at", "<", w.end],
			],
			pluck="name",
		)
	)
	overdue = frappe.get_all(
		"Sales Invoice",
		filters={
			"docstatus": 1,
			"customer": customer,
			"outstanding_amount": (">", 0),
			"due_date": ("<", w.as_of),
		},
		fields=["outstanding_amount", "conversion_rate", "due_date"],
	)
	oldest = min((getdate(i.due_date) for i in overdue), default=None)
	return HealthSignals(
		revenue_this_year=this_year,
		revenue_last_year=last_year,
		**survey_figures(*counts),
		overdue_visits=overdue_visits,
		complaints_90_days=complaints,
		overdue_amount=sum(flt(i.outstanding_amount) * flt(i.conversion_rate) for i in overdue),
		oldest_overdue_days=(w.as_of - oldest).days if oldest else 0,
		days_since_contact=(w.as_of - getdate(max(done))).days if done else None,
		cadence_days=cadences.get(tier),
	)
