"""Factories for test data on the real site. Nothing here is committed: the conftest rolls back."""

import frappe
from frappe.utils import random_string

from agency_service.setup.install import SHIPPED_TIERS


def make_user(*roles: str, language: str = "en", password: str | None = None) -> str:
	email = f"test-{random_string(8).lower()}@agency-test.example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Test",
			"send_welcome_email": 0,
			"language": language,
			"new_password": password,
			"roles": [{"role": role} for role in roles],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	return email


def make_client(**kw) -> "frappe.Document":
	doc = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": kw.pop("customer_name", f"Test Client {random_string(6)}"),
			"customer_type": "Company",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
			**kw,
		}
	)
	return doc.insert(ignore_permissions=True)


def make_contact(customer: str | None = None, **kw) -> "frappe.Document":
	doc = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": kw.pop("first_name", f"Contact {random_string(5)}"),
			"links": [{"link_doctype": "Customer", "link_name": customer}] if customer else [],
			**kw,
		}
	)
	return doc.insert(ignore_permissions=True)


def tier_doc(name: str | None = None, **overrides) -> "frappe.Document":
	"""An unsaved Client Tier with a valid policy, overridden by ``overrides``."""
	_name, _rank, min_score, visit, survey, director, _description, deadlines = SHIPPED_TIERS[1]
	values = {
		"doctype": "Client Tier",
		"tier_name": name or f"Test Tier {random_string(6)}",
		"rank": 9,
		"min_score": min_score,
		"visit_cadence_days": visit,
		"survey_cadence_days": survey,
		"director_contact_required": director,
		"complaint_deadlines": [
			{"severity": severity, "response_hours": response, "resolution_hours": resolution}
			for severity, (response, resolution) in deadlines.items()
		],
	}
	values.update(overrides)
	return frappe.get_doc(values)


def make_admission(owner: str | None = None, **kw) -> "frappe.Document":
	"""A Client Admission raised by ``owner`` (committed to nothing; rolled back after the test)."""
	values = {
		"doctype": "Client Admission",
		"company_name": kw.pop("company_name", f"测试广告客户 {random_string(6)}"),
		"company": frappe.db.get_value("Company", {}, "name"),
		"legal_representative": "王总",
		"ad_goals": "提升品牌知名度",
		"budget": 500000,
		**kw,
	}
	if owner:
		frappe.set_user(owner)
	doc = frappe.get_doc(values).insert()
	frappe.set_user("Administrator")
	return doc


def make_work_order(customer: str, owner: str | None = None, **kw) -> "frappe.Document":
	values = {
		"doctype": "Client Work Order",
		"customer": customer,
		"work_order_type": kw.pop("work_order_type", "Media Plan"),
		"title": kw.pop("title", f"Media plan {random_string(5)}"),
		"deadline": frappe.utils.add_days(frappe.utils.nowdate(), 30),
		"company": frappe.db.get_value("Company", {}, "name"),
		"brief": "<p>Plan the autumn media mix</p>",
		"ad_copy": kw.pop("ad_copy", "秋季新品上市，陪你走过每一个季节。"),
		"budget": 120000,
		"target_departments": kw.pop("target_departments", [{"department": "Media"}]),
		**kw,
	}
	if owner:
		frappe.set_user(owner)
	doc = frappe.get_doc(values).insert()
	frappe.set_user("Administrator")
	return doc


def approve_content(work_order, requester: str, legal: str | None = None) -> str:
	"""The work order's current content reviewed and signed by a Legal Reviewer; returns the review."""
	from agency_service.signoff.engine import sign

	legal = legal or staff("Legal Reviewer")  # before the request: its approvers are named when it opens
	frappe.set_user(requester)
	review = frappe.get_doc("Client Work Order", work_order.name).request_content_review()
	frappe.set_user(legal)
	sign("Ad Content Review", review, "Approved", comment="OK")
	frappe.set_user(requester)
	return review


def as_user(user: str, fn, *args, **kw):
	"""``fn(*args, **kw)`` run as ``user``, then back to Administrator."""
	frappe.set_user(user)
	try:
		return fn(*args, **kw)
	finally:
		frappe.set_user("Administrator")


def staff(*roles: str) -> str:
	"""A desk user with the given app roles (and Sales User for ERPNext's customer screens)."""
	return make_user(*roles, "Sales User")


def propose_solution(complaint, investigator: str, facts: str, solution: str):
	"""Take a registered complaint to Solution Proposed: answered by phone, investigated by
	``investigator`` (the facts found, a production fault), then the solution, without compensation."""
	complaint.acknowledge("Phone")
	complaint.start_investigation(investigator)
	complaint.reload()
	complaint.facts, complaint.root_cause = facts, "Production Quality"
	complaint.save()
	complaint.propose_solution(solution, 0)


def make_outgoing_account(name: str, email_id: str):
	"""A default outgoing email account on a local port: emails are queued, and not sent by the tests."""
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": name,
			"email_id": email_id,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": 2525,
			"no_smtp_authentication": 1,
		}
	)
	account.flags.ignore_validate = True
	account.insert(ignore_permissions=True)
	forget_email_accounts()  # the new account, not one found (or stood in for) before, sends from now on
	return account


def make_outbox() -> str:
	"""The site's default outgoing account, or a new one (never connected to in tests: emails only queue)."""
	existing = frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1})
	return existing or make_outgoing_account("Agency Test Outbox", "outbox@agency-test.example.com").name


def forget_email_accounts():
	"""Frappe keeps the email accounts it found on frappe.local; a rolled-back or deleted one must not
	outlive its test (a stale outgoing account makes Frappe send, and commit, mid-test)."""
	for cache in ("outgoing_email_account", "incoming_email_account"):
		if hasattr(frappe.local, cache):
			delattr(frappe.local, cache)


def make_complaint(customer: str, received_at=None, **kw) -> "frappe.Document":
	"""A registered complaint of ``customer`` (by phone, the first category), received ``received_at``."""
	return frappe.get_doc(
		{
			"doctype": "Client Complaint",
			"customer": customer,
			"subject": kw.pop("subject", "排期延误"),
			"content": kw.pop("content", "<p>投放排期比约定晚了一周。</p>"),
			"channel": "Phone",
			"received_at": received_at or frappe.utils.now_datetime(),
			"priority": kw.pop("priority", "Medium"),
			"category": kw.pop("category", None) or frappe.db.get_value("Complaint Category", {}, "name"),
			**kw,
		}
	).insert(ignore_permissions=True)


def dispatch_team() -> "frappe._dict":
	"""The staff a work order's dispatch needs: its account executive, the client's account director and
	the client service head (each a new user)."""
	return frappe._dict(
		ae=staff("Account Executive"), director=staff("Account Director"), head=staff("Client Service Head")
	)
