"""Client admission (客户准入): an application is signed off (marketing → credit → legal → management)
and, once approved, the client enters ERPNext as an enabled Customer with its credit limit and tier."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Lower

from agency_service.agency_service.doctype.client_tier.client_tier import get_default_tier
from agency_service.clients.access import legal_file_fields
from agency_service.setup.custom_fields import ADMISSION_FACTS

ADMISSION_PURPOSE = "admission"
PROTECTED_FIELDS = ("status", "customer", "rejection_reason", "credit_rating", "proposed_credit_limit")


def find_duplicate(admission) -> str | None:
	"""A translated message when this company is already a client or already applying, else None."""
	app = DocType("Client Admission")
	same_company = Lower(app.company_name) == admission.company_name.strip().lower()
	if admission.credit_code:
		same_company = same_company | (app.credit_code == admission.credit_code.strip())
	other = (
		frappe.qb.from_(app)
		.select(app.name)
		.where(same_company & (app.status != "Rejected") & (app.name != (admission.name or "")))
		.limit(1)
		.run(pluck=True)
	)
	if other:
		return _("{0} already has an admission application: {1}.").format(
			frappe.bold(admission.company_name), frappe.bold(other[0])
		)
	if admission.status in ("Draft", "Rejected") and frappe.db.exists(
		"Customer", {"customer_name": admission.company_name.strip(), "disabled": 0}
	):
		return _("{0} is already a client.").format(frappe.bold(admission.company_name))
	return None


def admit_client(admission) -> str:
	"""Create the Customer, or enable the disabled one of the same name, with tier, team and credit limit."""
	existing = frappe.db.get_value("Customer", {"customer_name": admission.company_name.strip()}, "name")
	if not existing and admission.lead:
		existing = frappe.db.get_value("Customer", {"lead_name": admission.lead}, "name")
	customer = frappe.get_doc("Customer", existing) if existing else frappe.new_doc("Customer")
	customer.update(
		{
			"customer_name": admission.company_name.strip(),
			"customer_type": "Company",
			"disabled": 0,
			"client_tier": admission.initial_tier or customer.client_tier or get_default_tier(),
			"account_director": admission.account_director or customer.account_director,
			"account_manager": admission.account_manager or customer.account_manager,
			"account_executive": admission.account_executive or customer.account_executive,
			"admission_status": "Approved",
			"credit_rating": admission.credit_rating,
		}
	)
	# the archive's basic facts and needs start as the admission recorded them, then are kept on the client
	customer.update({fieldname: admission.get(fieldname) for fieldname in ADMISSION_FACTS})
	if admission.lead:
		customer.lead_name = admission.lead
	if admission.prospect:
		customer.prospect_name = admission.prospect
	if not customer.customer_group:
		customer.customer_group = frappe.db.get_single_value("Selling Settings", "customer_group") or (
			frappe.db.get_value("Customer Group", {"is_group": 0}, "name")
		)
	if not customer.territory:
		customer.territory = frappe.db.get_single_value("Selling Settings", "territory") or (
			frappe.db.get_value("Territory", {"is_group": 0}, "name")
		)
	set_credit_limit(customer, admission.company, admission.proposed_credit_limit)
	customer.flags.ignore_permissions = True
	customer.save()
	customer.add_comment("Info", _("Admitted through {0}.").format(admission.name))
	attach_admission_files(admission, customer.name)
	return customer.name


def attach_admission_files(admission, customer: str):
	"""The licences uploaded to the admission become attachments of the client's archive (its legal
	part, read by Legal), once each."""
	for fieldname in legal_file_fields():
		url = admission.get(fieldname)
		source = url and frappe.db.get_value(
			"File",
			{"attached_to_doctype": admission.doctype, "attached_to_name": admission.name, "file_url": url},
			["file_name", "is_private"],
			as_dict=True,
		)
		attached = {"attached_to_doctype": "Customer", "attached_to_name": customer}
		if not source or frappe.db.exists(
			"File", {**attached, "attached_to_field": fieldname, "file_url": url}
		):
			continue
		file = frappe.get_doc(
			{"doctype": "File", "file_url": url, **source, **attached, "attached_to_field": fieldname}
		)
		file.insert(ignore_permissions=True)


def set_credit_limit(customer, company: str, limit):
	for row in customer.credit_limits:
		if row.company == company:
			row.credit_limit = limit
			return
	customer.append("credit_limits", {"company": company, "credit_limit": limit})
