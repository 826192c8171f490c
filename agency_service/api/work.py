"""The client portal's work API (/work): a client's contacts follow their company's work orders in
progress — milestones with dates, what awaits them — and confirm in writing (milestones, the proposal,
estimates, changes) or ask for a change.

Every function runs as the logged-in portal user, checks that first, and reads the work order as stored:
another client's work order, or one not yet dispatched, answers exactly like one that does not exist."""

import frappe
from frappe import _
from frappe.utils import sanitize_html, strip_html

from agency_service.api import portal
from agency_service.api.guard import limit_portal_writes
from agency_service.complaints import access
from agency_service.delivery import confirmations, plan
from agency_service.guard import checked_text, controlled_change

WORK_ORDER = "Client Work Order"
# what a client sees: dispatched work (a draft or a dispatch under sign-off is the agency's own business)
VISIBLE_STATUSES = (*plan.IN_DELIVERY_STATUSES, "Client Approved", "Archived")
LIST_FIELDS = ["name", "title", "work_order_type", "status", "deadline", "project", "customer", "modified"]
MAX_TEXT = 5000
PORTAL_WRITES_PER_HOUR = 60


def portal_user_only():
	portal.portal_user_only(
		_("Log in to see your work."), _("This page is for clients; staff follow work orders in the desk.")
	)


def throw_not_found():
	raise frappe.DoesNotExistError(_("Work order not found."))


def readable_work_order(name: str):
	"""The stored work order when it is dispatched work of one of the user's clients, else "not found"."""
	if not name or not isinstance(name, str):
		throw_not_found()
	found = frappe.db.get_value(WORK_ORDER, name, ["customer", "status"], as_dict=True)
	if not found or found.status not in VISIBLE_STATUSES or found.customer not in access.clients_of():
		throw_not_found()
	return frappe.get_doc(WORK_ORDER, name)


def labelled(row, labels: dict | None = None) -> dict:
	"""The row with its status and type in the user's language (each label translated once per call)."""
	labels = {} if labels is None else labels
	for field in ("status", "work_order_type"):
		value = row.get(field)
		if value not in labels:
			labels[value] = _(value) if value else ""
	row["status_label"], row["type_label"] = labels[row.get("status")], labels[row.get("work_order_type")]
	return row


@frappe.whitelist()
@frappe.read_only()
def get_work_orders() -> list[dict]:
	"""The user's clients' work orders, latest first, with the share of their project's tasks done."""
	portal_user_only()
	rows = frappe.get_all(
		WORK_ORDER,
		filters={"customer": ("in", access.clients_of() or [""]), "status": ("in", VISIBLE_STATUSES)},
		fields=LIST_FIELDS,
		order_by="modified desc",
		limit_page_length=1000,
		ignore_permissions=True,  # narrowed to the user's own clients right here
	)
	done, labels = plan.progress([r.project for r in rows if r.project]), {}
	for row in rows:
		row.progress = done.get(row.project, 0)
		labelled(row, labels)
		row.pop("project")
	return rows


@frappe.whitelist()
@frappe.read_only()
def get_work_order(name: str) -> dict:
	"""One work order: its milestones, what awaits the client's confirmation (each with the version shown)
	and the confirmations given so far."""
	portal_user_only()
	doc = readable_work_order(name)
	data = labelled({field: doc.get(field) for field in LIST_FIELDS if field != "project"})
	data["objectives"] = doc.objectives
	data["deliverables"] = doc.deliverables
	data["progress"] = plan.progress([doc.project]).get(doc.project, 0) if doc.project else 0
	data["milestones"] = [
		{**m, "status_label": _(m.status), "description": strip_html(m.description or "")}
		for m in plan.milestones(doc.project)
	]
	data["to_confirm"] = [{**i, "kind_label": _(i.kind)} for i in confirmations.pending_items(doc)]
	data["confirmations"] = frappe.get_all(
		confirmations.CONFIRMATION,
		filters={"work_order": doc.name},
		fields=["subject_type", "subject", "decision", "comments", "confirmed_by", "confirmed_at", "version"],
		order_by="confirmed_at desc",
		ignore_permissions=True,
	)
	for row in data["confirmations"]:
		row.decision_label, row.kind_label = _(row.decision), _(row.subject_type)
	data["progress_reports"] = frappe.get_all(
		"Work Order Progress Report",
		filters={"work_order": doc.name},
		fields=["name", "report_date", "period_from", "work_done", "work_next", "awaiting_client"],
		order_by="report_date desc, creation desc",
		limit_page_length=50,
		ignore_permissions=True,  # the work order was checked to be the user's client's above
	)
	for row in data["progress_reports"]:
		for part in ("work_done", "work_next", "awaiting_client"):
			row[part] = sanitize_html(row[part] or "")  # shown as HTML on the page
	return data


@frappe.whitelist(methods=["POST"])
@limit_portal_writes("agency_portal_writes_per_hour", PORTAL_WRITES_PER_HOUR)
def confirm(name: str, version: str, decision: str, comments: str | None = None) -> str:
	"""Confirm in writing — or ask for changes to — the item awaiting the client in the version shown."""
	portal_user_only()
	doc = readable_work_order(name)
	return confirmations.confirm(
		doc,
		checked_text(version, _("Version"), required=True),
		checked_text(decision, _("Decision"), required=True),
		checked_text(comments, _("Comments"), max_length=MAX_TEXT),
	)


@frappe.whitelist(methods=["POST"])
@limit_portal_writes("agency_portal_writes_per_hour", PORTAL_WRITES_PER_HOUR)
def request_change(name: str, description: str) -> str:
	"""Ask for a change to work in progress: a change request the account team completes (its effect on
	budget and dates), signs off and brings back for the client's confirmation."""
	portal_user_only()
	doc = readable_work_order(name)
	text = checked_text(description, _("What Changes"), required=True, max_length=MAX_TEXT)
	change = frappe.get_doc(
		{
			"doctype": confirmations.CHANGE_REQUEST,
			"work_order": doc.name,
			"description": text,
			"requested_by_client": 1,
			"requested_by": frappe.session.user,
		}
	)
	with controlled_change():  # the two fields that say the client asked, set here and nowhere else
		change.insert(ignore_permissions=True)
	return change.name
