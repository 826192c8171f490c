"""After delivery (DESIGN §12, 001 §4.4): a completed work order asks the client how it went — one
satisfaction survey per contact, whether the completion is the client's approval or the work order's
Project being completed — and opens its post-project review, led by the client's account executive."""

import frappe
from frappe import _

from agency_service import notify
from agency_service.surveys.invitations import invite_client_contacts
from agency_service.surveys.scores import INVITED_AFTER_WORK_ORDER

WORK_ORDER = "Client Work Order"
REVIEW = "Post-Project Review"


def on_work_order_completed(work_order) -> str:
	"""The client approved the delivered work: the survey (once), and the review opened."""
	invite_client_contacts(work_order.customer, INVITED_AFTER_WORK_ORDER, WORK_ORDER, work_order.name)
	return open_review(work_order)


def work_order_of_project(project: str) -> str | None:
	return frappe.db.get_value(WORK_ORDER, {"project": project}, "name")


def open_review(work_order) -> str:
	"""The work order's post-project review, opened now if it has none (one per work order)."""
	existing = frappe.db.get_value(REVIEW, {"work_order": work_order.name}, "name")
	if existing:
		return existing
	owner = frappe.db.get_value("Customer", work_order.customer, "account_executive") or work_order.owner
	review = frappe.get_doc({"doctype": REVIEW, "work_order": work_order.name, "review_owner": owner}).insert(
		ignore_permissions=True
	)
	if owner:
		notify.alert(
			owner,
			_("Post-project review of {0} opened: what went well, what did not, lessons.").format(
				work_order.title or work_order.name
			),
			review,
		)
	return review.name
