"""Factories for visits and the care calendar. Nothing here is committed: the conftest rolls back."""

import datetime

import frappe
from frappe.utils import add_to_date, get_datetime

from tests.factories import make_client, make_user


def make_managed_client(tier: str | None = "Key Client", **kw) -> "frappe.Document":
	"""A client with an account manager and director (new users with those roles)."""
	kw.setdefault("account_manager", make_user("Account Manager"))
	kw.setdefault("account_director", make_user("Account Director"))
	if tier:
		kw["client_tier"] = tier
	return make_client(**kw)


def make_visit(client, start=None, submit: bool = False, **kw) -> "frappe.Document":
	start = get_datetime(start or add_to_date(None, days=3))
	doc = frappe.get_doc(
		{
			"doctype": "Client Visit",
			"customer": client.name,
			"visit_start": start,
			"visit_end": kw.pop("visit_end", start + datetime.timedelta(hours=1)),
			"purpose": kw.pop("purpose", "Quarterly review"),
			**kw,
		}
	).insert()
	if submit:
		if not doc.minutes:
			doc.minutes = "<p>Reviewed the campaign results.</p>"
		doc.submit()
	return doc


def set_visit_settings(**values):
	for key, value in values.items():
		frappe.db.set_single_value("Visit and Care Settings", key, value)


def email_recipients(reference_name: str) -> list[set[str]]:
	"""Recipients of each queued email about a document, one set per email."""
	queue = frappe.get_all(
		"Email Queue",
		filters={"reference_name": reference_name},
		pluck="name",
		order_by="creation asc",
	)
	return [
		set(frappe.get_all("Email Queue Recipient", filters={"parent": name}, pluck="recipient"))
		for name in queue
	]
