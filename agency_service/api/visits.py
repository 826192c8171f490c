"""The visits API (desk buttons, calendar and REST): plan, reschedule, preparation facts, calendar events."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import (
	get_datetime,
	getdate,
	nowdate,
)

from agency_service.agency_service.doctype.client_work_order.client_work_order import (
	CLOSED_STATUSES as WORK_ORDER_CLOSED_STATUSES,
)
from agency_service.api.guard import datetime_argument, json_argument, refuse_value
from agency_service.complaints.base import FULFILLED_STATUSES
from agency_service.visits.action_items import open_action_items
from agency_service.visits.rules import (
	CANCELLED,
	COMPLETED,
	DEFAULT_CHANNEL,
	MINUTES_DUE,
	MINUTES_OVERDUE,
	PLANNED,
	VISIT,
	VisitScheduleError,
)

# --- desk and REST API ---------------------------------------------------------------------------


@frappe.whitelist()
def plan_visit(customer: str, visit_start: str, purpose: str | None = None, channel: str | None = None):
	"""Plan a visit by hand (also reachable as /api/method/agency_service.api.visits.plan_visit)."""
	frappe.has_permission(VISIT, "create", throw=True)
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	doc = frappe.get_doc(
		{
			"doctype": VISIT,
			"customer": customer,
			"visit_start": datetime_argument(visit_start, _("Visit Start")),
			"purpose": purpose or _("Client visit"),
			"channel": channel or DEFAULT_CHANNEL,
		}
	)
	doc.insert()
	return doc.name


@frappe.whitelist()
def reschedule_visit(visit: str, visit_start: str, visit_end: str | None = None):
	doc = frappe.get_doc(VISIT, visit)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(
			_("Only an open visit can be rescheduled."), title=_("Cannot Reschedule"), exc=VisitScheduleError
		)
	length = get_datetime(doc.visit_end) - get_datetime(doc.visit_start)
	doc.visit_start = datetime_argument(visit_start, _("Visit Start"))
	doc.visit_end = datetime_argument(visit_end, _("Visit End")) if visit_end else doc.visit_start + length
	doc.save()
	return {"visit_start": doc.visit_start, "visit_end": doc.visit_end, "status": doc.status}


@frappe.whitelist()
def get_preparation_facts(customer: str) -> dict:
	"""What the account manager should know before meeting the client (拜访前准备)."""
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	today = getdate(nowdate())
	client = frappe.db.get_value(
		"Customer",
		customer,
		["customer_name", "last_visit_date", "next_visit_date", "last_survey_date", "csat", "nps"],
		as_dict=True,
	)
	invoice = DocType("Sales Invoice")
	overdue = (
		frappe.qb.from_(invoice)
		.select(invoice.name, invoice.due_date, invoice.outstanding_amount, invoice.currency)
		.where(
			(invoice.customer == customer)
			& (invoice.docstatus == 1)
			& (invoice.outstanding_amount > 0)
			& (invoice.due_date < today)
		)
		.orderby(invoice.due_date)
		.run(as_dict=True)
	)
	actions, visit, item = open_action_items()
	open_actions = (
		actions.select(item.action, item.assigned_to, item.due_date, visit.name.as_("visit"))
		.where(visit.customer == customer)
		.orderby(item.due_date)
		.run(as_dict=True)
	)
	return {
		"client": client,
		"overdue_invoices": overdue[:10],
		"overdue_invoice_count": len(overdue),
		"overdue_amount": sum(row.outstanding_amount for row in overdue),
		"open_complaints": frappe.db.count(
			"Client Complaint", {"customer": customer, "status": ("not in", FULFILLED_STATUSES)}
		),
		"open_work_orders": frappe.db.count(
			"Client Work Order", {"customer": customer, "status": ("not in", WORK_ORDER_CLOSED_STATUSES)}
		),
		"open_projects": frappe.db.count("Project", {"customer": customer, "status": "Open"}),
		"open_action_items": open_actions,
	}


@frappe.whitelist()
def get_visit_calendar_events(
	start: str,
	end: str,
	filters: str | dict | list | None = None,
	doctype: str | None = None,
	fields: str | list | None = None,
	field_map: str | dict | None = None,
) -> list:
	"""Client Visit calendar: visits between start and end, coloured by status. Frappe's calendar view
	also sends its doctype, fields and field map, which this calendar does not need."""
	frappe.has_permission(VISIT, "read", throw=True)
	start, end = datetime_argument(start, _("Start")), datetime_argument(end, _("End"))
	filters = json_argument(filters, _("Filters"))
	conditions = [["visit_start", "<=", end], ["visit_end", ">=", start]]
	if isinstance(filters, dict):
		conditions += [[key, "=", value] for key, value in filters.items()]
	elif isinstance(filters, list):
		# the calendar sends [doctype, field, operator, value(, hidden)]
		for f in filters:
			if not isinstance(f, list) or not 3 <= len(f) <= 5:
				refuse_value(_("Filters"))
			conditions.append(f[1:4] if len(f) >= 4 else f)
	elif filters:
		refuse_value(_("Filters"))
	rows = frappe.get_list(
		VISIT,
		filters=conditions,
		fields=[
			"name",
			"customer_name",
			"visit_start",
			"visit_end",
			"status",
			"account_manager",
			"docstatus",
		],
		limit_page_length=0,
	)
	colours = {
		PLANNED: "#2490ef",
		MINUTES_DUE: "#ecad4b",
		MINUTES_OVERDUE: "#e24c4c",
		COMPLETED: "#29cd42",
		CANCELLED: "#98a1a9",
	}
	for row in rows:
		row.title = f"{row.customer_name} · {_(row.status)}"
		row.color = colours.get(row.status)
	return rows
