"""Demo steps of the agency itself: company, fiscal years, staff, service items, clients with contacts,
projects, and about fifteen months of sales invoices and payments."""

import zlib

import frappe
from frappe.utils import add_days, getdate, nowdate

from agency_service import roles
from agency_service.demo.base import (
	COMPANY,
	COMPANY_ABBR,
	CONTACT_ROLES,
	DEMO_PASSWORD,
	DESIGNATIONS,
	EMAIL_DOMAIN,
	GIVEN_NAMES,
	PREFERENCES,
	SERVICE_ITEMS,
	STAFF,
	STAFF_HOST_ROLES,
	SURNAMES,
	TIER_MIX,
	client_names,
	demo_company,
	demo_customers,
	staff_by_role,
)
from agency_service.setup.install import insert_missing


def complete_setup(rng):
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	if frappe.is_setup_complete():
		return
	year = getdate(nowdate()).year
	setup_complete(
		{
			"currency": "CNY",
			"full_name": "Administrator",
			"company_name": COMPANY,
			"company_abbr": COMPANY_ABBR,
			"timezone": "Asia/Shanghai",
			"industry": "Advertising",
			"country": "China",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"language": "English",
			"company_tagline": "让品牌被看见",
			"chart_of_accounts": "Standard",
		}
	)


def use_chinese(rng=None):
	"""A Chinese agency works in Chinese; users may still pick another language for themselves."""
	if frappe.db.get_default("lang") == "zh":
		return
	settings = frappe.get_single("System Settings")
	settings.language = "zh"
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)  # on_update makes it the site's default language
	frappe.clear_cache()


def make_previous_fiscal_year(rng):
	ensure_fiscal_year(getdate(nowdate()).year - 1, demo_company())


def ensure_fiscal_year(year: int, company: str):
	"""The calendar year ``year`` as a fiscal year of ``company`` (ERPNext books invoices only in one)."""
	if frappe.db.exists("Fiscal Year", {"year_start_date": f"{year}-01-01"}):
		return
	frappe.get_doc(
		{
			"doctype": "Fiscal Year",
			"year": str(year),
			"year_start_date": f"{year}-01-01",
			"year_end_date": f"{year}-12-31",
			"companies": [{"company": company}],
		}
	).insert(ignore_permissions=True)


def make_staff(rng):
	password = frappe.conf.get("agency_demo_password") or DEMO_PASSWORD
	for user_id, full_name, user_roles in STAFF:
		email = f"{user_id}@{EMAIL_DOMAIN}"
		if frappe.db.exists("User", email):
			continue
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": full_name,
				"language": "zh",
				"time_zone": "Asia/Shanghai",
				"send_welcome_email": 0,
				"new_password": password,
				"roles": [{"role": role} for role in (*user_roles, *STAFF_HOST_ROLES)],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)


def make_service_items(rng):
	for code, item_name in SERVICE_ITEMS:
		insert_missing(
			"Item",
			code,
			{
				"item_code": code,
				"item_name": item_name,
				"item_group": "Services",
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"include_item_in_manufacturing": 0,
			},
		)


def make_clients(rng):
	staff = staff_by_role()
	names = client_names()
	index = 0
	for tier, count, _invoices, _amounts in TIER_MIX:
		for _ in range(count):
			name = names[index]
			index += 1
			if frappe.db.exists("Customer", {"customer_name": name}):
				continue
			customer = frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": name,
					"customer_type": "Company",
					"customer_group": frappe.db.exists("Customer Group", "Commercial")
					or frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
					"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name")
					or "All Territories",
					"client_tier": tier,
					"tier_date": add_days(nowdate(), -rng.randint(30, 400)),
					"account_director": rng.choice(staff[roles.ACCOUNT_DIRECTOR]),
					"account_manager": rng.choice(staff[roles.ACCOUNT_MANAGER]),
					"account_executive": rng.choice(staff[roles.ACCOUNT_EXECUTIVE]),
					"admission_status": "Approved",
					"credit_rating": rng.choice("AAABBBCD" if tier != "Strategic Client" else "AAAB"),
				}
			).insert(ignore_permissions=True)
			make_contacts(rng, customer)


def make_contacts(rng, customer):
	for client_role in CONTACT_ROLES[: rng.randint(2, 4)]:
		first_name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES) + rng.choice(("", *GIVEN_NAMES))
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": first_name,
				"company_name": customer.customer_name,
				"designation": DESIGNATIONS[client_role],
				"client_role": client_role,
				"communication_preference": rng.choice(PREFERENCES),
				"birthday_month": rng.randint(1, 12),
				"birthday_day": rng.randint(1, 28),
				"greeting_opt_out": 1 if rng.random() < 0.1 else 0,
				"email_ids": [
					{
						"email_id": f"{zlib.crc32(customer.name.encode()):08x}.{client_role.split()[0].lower()}"
						f"@client.example.com",
						"is_primary": 1,
					}
				],
				"phone_nos": [
					{
						"phone": f"1{rng.randint(3, 9)}{rng.randint(100000000, 999999999)}",
						"is_primary_mobile_no": 1,
					}
				],
				"links": [{"link_doctype": "Customer", "link_name": customer.name}],
			}
		)
		contact.insert(ignore_permissions=True)


def make_projects(rng):
	for customer in demo_customers(("Strategic Client", "Key Client")):
		if frappe.db.exists("Project", {"customer": customer.name}):
			continue
		for label in rng.sample(("年度品牌传播", "新品上市整合营销", "双十一电商推广", "春节品牌活动"), 2):
			start = add_days(nowdate(), -rng.randint(30, 300))
			frappe.get_doc(
				{
					"doctype": "Project",
					"project_name": f"{customer.customer_name} {label}",
					"customer": customer.name,
					"company": demo_company(),
					"status": "Open",
					"expected_start_date": start,
					"expected_end_date": add_days(start, rng.randint(60, 180)),
				}
			).insert(ignore_permissions=True)


def make_invoices_and_payments(rng):
	"""Twelve to fifteen months of billing; most invoices paid (some late), a few still overdue."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	company = demo_company()
	today = getdate(nowdate())
	tier_plan = {tier: (invoices, amounts) for tier, _count, invoices, amounts in TIER_MIX}
	for customer in demo_customers():
		if frappe.db.exists("Sales Invoice", {"customer": customer.name, "docstatus": 1}):
			continue
		invoices, amounts = tier_plan[customer.client_tier]
		for _ in range(rng.randint(*invoices)):
			posting_date = add_days(today, -rng.randint(5, 440))
			invoice = frappe.get_doc(
				{
					"doctype": "Sales Invoice",
					"customer": customer.name,
					"company": company,
					"set_posting_time": 1,
					"posting_date": posting_date,
					"due_date": add_days(posting_date, 30),
					"currency": "CNY",
					"items": [
						{
							"item_code": rng.choice(SERVICE_ITEMS)[0],
							"qty": 1,
							"rate": round(rng.uniform(*amounts), -2),
						}
					],
				}
			)
			invoice.insert(ignore_permissions=True)
			invoice.submit()
			due = getdate(invoice.due_date)
			if due > today or rng.random() < 0.12:
				continue  # not due yet, or overdue and unpaid
			paid_on = min(add_days(due, rng.choice((-10, -3, 0, 5, 15, 40))), today)
			payment = get_payment_entry("Sales Invoice", invoice.name)
			payment.posting_date = paid_on
			payment.reference_no = f"BANK-{invoice.name}"
			payment.reference_date = paid_on
			payment.insert(ignore_permissions=True)
			payment.submit()
