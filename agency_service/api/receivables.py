"""The credit API (desk and REST): set a client's credit rating and limit."""

import frappe
from frappe import _
from frappe.utils import flt

from agency_service.receivables.setup import CreditError
from agency_service.setup.custom_fields import CREDIT_PERMLEVEL, CREDIT_RATINGS

# --- credit ----------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def set_client_credit(
	customer: str, company: str, credit_limit: float, credit_rating: str | None = None
) -> dict:
	"""Set a client's credit limit for a company (ERPNext's Customer Credit Limit) and its credit rating."""
	doc = frappe.get_doc("Customer", customer)
	doc.check_permission("write")
	if CREDIT_PERMLEVEL not in doc.get_permlevel_access("write"):
		frappe.throw(
			_("Only a Credit Reviewer or Agency Management can set a client's credit."),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	limit = flt(credit_limit)
	if limit < 0:
		frappe.throw(_("The credit limit cannot be negative."), title=_("Invalid Credit"), exc=CreditError)
	if credit_rating not in (None, *CREDIT_RATINGS):
		frappe.throw(_("Credit rating must be A, B, C or D."), title=_("Invalid Credit"), exc=CreditError)
	if not frappe.db.exists("Company", company):
		frappe.throw(_("Company {0} does not exist.").format(frappe.bold(company)), exc=CreditError)
	row = next((r for r in doc.credit_limits if r.company == company), None)
	if row:
		row.credit_limit = limit
	else:
		doc.append("credit_limits", {"company": company, "credit_limit": limit})
	if credit_rating is not None:
		doc.credit_rating = credit_rating
	doc.save()
	return {"credit_rating": doc.credit_rating, "credit_limits": [r.as_dict() for r in doc.credit_limits]}
