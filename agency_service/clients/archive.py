"""The client archive gathered on the Customer (004 §6.1): its connections (every record about the client
in one place), the client of a contract, and the handover checklist read from the brand file."""

import frappe
from frappe import _


def customer_dashboard(data: dict) -> dict:
	"""ERPNext's Customer connections, with the client-service records and the archive added."""
	data.setdefault("non_standard_fieldnames", {}).update({"Communication": "reference_name"})
	data.setdefault("dynamic_links", {}).update({"reference_name": ["Customer", "reference_doctype"]})
	data["transactions"] = [
		*data.get("transactions", []),
		{
			"label": _("Client Service"),
			"items": ["Client Visit", "Client Complaint", "Survey Response", "Client Scorecard"],
		},
		{"label": _("Cooperation"), "items": ["Client Work Order", "Contract", "Communication"]},
		{"label": _("Client Archive"), "items": ["Brand File", "Client Handover", "Client Keeper Period"]},
	]
	return data


def set_contract_client(doc, method=None):
	"""A contract with a client carries the client, so it shows among the client's connections."""
	doc.customer = doc.party_name if doc.party_type == "Customer" else None


def checklist_items() -> tuple:
	"""The brand file's headings a handover goes through (003 AE handbook, 品牌档案 — 最终交接的依据), each
	with the table of the brand file whose rows it counts."""
	return (
		("people", _("Client organisation chart and key people ({0})")),
		(None, _("Meeting reports of the last 12 months")),
		("brands", _("Brands and products ({0})")),
		(None, _("Market overview and consumers")),
		("competitors", _("Competitors and their ad spend ({0})")),
		("ad_volumes", _("Advertising volume by year and medium ({0})")),
		("campaigns", _("Past campaigns and their results ({0})")),
		("documents", _("Briefs, media plans and research ({0})")),
		(None, _("Work in progress, open work orders and estimates")),
		(None, _("Budget, approvals the client requires and payment status")),
	)


def handover_checklist(customer: str) -> list[dict]:
	"""The items a handover of ``customer`` goes through, with what its brand file holds of each."""
	brand_file = frappe.db.exists("Brand File", {"customer": customer})
	meta = frappe.get_meta("Brand File")
	items = []
	for table, text in checklist_items():
		if table:
			rows = (
				frappe.db.count(
					meta.get_field(table).options, {"parent": brand_file, "parenttype": "Brand File"}
				)
				if brand_file
				else 0
			)
			text = text.format(rows)
		items.append({"item": text, "done": 0})
	return items
