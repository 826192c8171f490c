"""Factories for scorecard and receivables tests: real submitted invoices, payments, credit notes, projects.
Nothing here is committed: the conftest rolls back."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate, random_string

from agency_service.scorecard import figures, scoring, settings
from tests.factories import make_client, make_contact, make_user
from tests.survey_factories import ensure_fiscal_year as ensure_year
from tests.survey_factories import service_item


def ensure_fiscal_year(year: int):
	"""ERPNext caches the fiscal years per company: a year made (or rolled back) in a test must not be
	hidden by (or outlive in) that cache."""
	ensure_year(year)
	frappe.cache.delete_value("fiscal_years")


@pytest.fixture(autouse=True)
def fresh_fiscal_years():
	"""Forget ERPNext's cached fiscal years after each test: they may name a year the rollback removed."""
	yield
	frappe.cache.delete_value("fiscal_years")


def company() -> str:
	return frappe.defaults.get_global_default("company")


def days_ago(days: int):
	return add_days(nowdate(), -days)


def make_invoice(
	customer: str,
	posting_date=None,
	rate: float = 1000,
	due_date=None,
	submit: bool = True,
	project: str | None = None,
	**kw,
):
	posting_date = getdate(posting_date or nowdate())
	ensure_fiscal_year(posting_date.year)
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": company(),
			"set_posting_time": 1,
			"posting_date": posting_date,
			"due_date": getdate(due_date) if due_date else posting_date,
			"project": project,
			"items": [{"item_code": service_item(), "qty": 1, "rate": rate}],
			**kw,
		}
	).insert(ignore_permissions=True)
	if submit:
		invoice.submit()
	return invoice


def pay(invoice, on_date, amount: float | None = None):
	"""A submitted Payment Entry for ``invoice`` posted on ``on_date`` (the whole outstanding by default)."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	on_date = getdate(on_date)
	ensure_fiscal_year(on_date.year)
	payment = get_payment_entry("Sales Invoice", invoice.name, party_amount=amount)
	payment.posting_date = on_date
	payment.reference_no = f"BANK-{random_string(6)}"
	payment.reference_date = on_date
	if amount:
		payment.paid_amount = payment.received_amount = amount
		payment.references[0].allocated_amount = amount
	payment.insert(ignore_permissions=True)
	payment.submit()
	return payment


def credit_note(invoice, rate: float):
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	note = make_sales_return(invoice.name)
	note.items[0].rate = rate  # qty stays -1: a credit of ``rate``
	note.posting_date = invoice.posting_date
	note.set_posting_time = 1
	note.insert(ignore_permissions=True)
	note.submit()
	return note


def foreign_currency_client(currency: str = "EUR"):
	"""A client billed in ``currency`` through its own receivable account."""
	account_name = f"Debtors {currency}"
	abbr = frappe.get_cached_value("Company", company(), "abbr")
	account = f"{account_name} - {abbr}"
	if not frappe.db.exists("Account", account):
		parent = frappe.get_cached_value(
			"Account",
			frappe.get_cached_value("Company", company(), "default_receivable_account"),
			"parent_account",
		)
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": account_name,
				"company": company(),
				"parent_account": parent,
				"account_type": "Receivable",
				"account_currency": currency,
			}
		).insert(ignore_permissions=True)
	return make_client(default_currency=currency, accounts=[{"company": company(), "account": account}])


def make_project(customer: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Project",
				"project_name": f"Scorecard project {random_string(6)}",
				"customer": customer,
				"company": company(),
				"status": "Open",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def purchase_for_project(project: str, amount: float):
	"""A submitted Purchase Invoice whose item is charged to ``project`` (ERPNext's project purchase cost)."""
	supplier = frappe.db.get_value("Supplier", {"supplier_name": "Scorecard Test Supplier"})
	if not supplier:
		supplier = (
			frappe.get_doc(
				{
					"doctype": "Supplier",
					"supplier_name": "Scorecard Test Supplier",
					"supplier_group": frappe.db.get_value("Supplier Group", {"is_group": 0}, "name"),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	ensure_fiscal_year(getdate(nowdate()).year)
	invoice = frappe.get_doc(
		{
			"doctype": "Purchase Invoice",
			"supplier": supplier,
			"company": company(),
			"items": [{"item_code": service_item(), "qty": 1, "rate": amount, "project": project}],
		}
	).insert(ignore_permissions=True)
	invoice.submit()
	return invoice


def directed_client(**kw):
	"""A client with an account director and manager (new desk users)."""
	kw.setdefault("account_director", make_user("Account Director", "Sales User"))
	kw.setdefault("account_manager", make_user("Account Manager", "Sales User"))
	return make_client(**kw)


def billing_contact(customer: str, **kw):
	return make_contact(
		customer,
		client_role="Finance Contact",
		email_ids=[{"email_id": f"billing-{random_string(8).lower()}@client.example.com", "is_primary": 1}],
		**kw,
	)


def set_settings(**values):
	for key, value in values.items():
		frappe.db.set_single_value(settings.SETTINGS, key, value)
	frappe.clear_document_cache(settings.SETTINGS, settings.SETTINGS)


def figures_of(customer: str, as_of=None):
	return figures.collect_figures(figures.client_rows([customer]), as_of or nowdate())[customer]


def lines_of(customer: str) -> dict:
	_score, lines = scoring.score_client(figures_of(customer), settings.get_settings())
	return {line.criterion: line for line in lines}
