"""A cost estimate (估价单) is an ERPNext Quotation tied to a work order: to the work order's own client,
and never of nothing — the client confirms it on the portal once it is submitted."""

import frappe
from frappe import _
from frappe.utils import flt


def validate_estimate(doc, method=None):
	"""Quotation ``validate``: a quotation that names a work order is an estimate of that client's work."""
	if not doc.get("client_work_order"):
		return
	customer = frappe.db.get_value("Client Work Order", doc.client_work_order, "customer")
	if not customer:
		frappe.throw(_("Work order {0} does not exist.").format(frappe.bold(doc.client_work_order)))
	if doc.quotation_to != "Customer" or doc.party_name != customer:
		frappe.throw(
			_("An estimate is made out to the work order's client {0}.").format(frappe.bold(customer))
		)


def check_estimate_total(doc, method=None):
	"""Quotation ``before_submit``: an estimate of 0 is no estimate."""
	if doc.get("client_work_order") and flt(doc.grand_total) <= 0:
		frappe.throw(_("An estimate must come to more than 0."))
