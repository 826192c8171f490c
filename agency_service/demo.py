"""Demo data: a believable Chinese advertising agency and its clients.

``make_demo`` runs ``DEMO_STEPS`` in order. Every step is idempotent (it looks for what it would make
before making it), so running the command again changes nothing and takes seconds. Later features add
their own step to ``DEMO_STEPS``. The data is generated from a fixed seed, so every demo site looks alike.

Run it with ``bench --site SITE agency-make-demo``.
"""

import random
import zlib

import frappe
from frappe.utils import add_days, getdate, nowdate

from agency_service import roles
from agency_service.complaint_demo import make_complaint_demo
from agency_service.demo_signoff import make_admissions, make_delegation, make_work_orders
from agency_service.scorecard_demo import make_scorecard_demo
from agency_service.survey_demo import make_survey_demo
from agency_service.visit_demo import make_visits_and_care

COMPANY = "星河广告传媒有限公司"
COMPANY_ABBR = "XH"
EMAIL_DOMAIN = "xinghe-ad.example.com"
DEMO_SEED = 20261121
DEMO_PASSWORD = "Xinghe@2026"  # demo only; passes Frappe's password-strength check

# user id, full name, roles
STAFF = (
	("liu.yang", "刘洋", (roles.AGENCY_MANAGEMENT,)),
	("chen.jing", "陈静", (roles.CLIENT_SERVICE_HEAD,)),
	("wang.lei", "王磊", (roles.ACCOUNT_DIRECTOR,)),
	("zhao.min", "赵敏", (roles.ACCOUNT_DIRECTOR,)),
	("li.na", "李娜", (roles.ACCOUNT_MANAGER,)),
	("zhou.tao", "周涛", (roles.ACCOUNT_MANAGER,)),
	("wu.qian", "吴倩", (roles.ACCOUNT_MANAGER,)),
	("sun.hao", "孙浩", (roles.ACCOUNT_MANAGER,)),
	("zheng.yu", "郑宇", (roles.ACCOUNT_EXECUTIVE,)),
	("he.xin", "何欣", (roles.ACCOUNT_EXECUTIVE,)),
	("ma.li", "马丽", (roles.ACCOUNT_EXECUTIVE,)),
	("huang.bo", "黄博", (roles.ACCOUNT_EXECUTIVE,)),
	("lin.xue", "林雪", (roles.ACCOUNT_EXECUTIVE,)),
	("guo.peng", "郭鹏", (roles.ACCOUNT_EXECUTIVE,)),
	("xu.fang", "徐芳", (roles.DEPARTMENT_LEAD,)),  # creative
	("gao.jun", "高军", (roles.DEPARTMENT_LEAD,)),  # media
	("luo.hui", "罗慧", (roles.DEPARTMENT_LEAD,)),  # research
	("song.jie", "宋杰", (roles.CREDIT_REVIEWER,)),
	("tang.lan", "唐兰", (roles.LEGAL_REVIEWER,)),
)
# Host roles staff need to work with customers, projects and invoices in ERPNext.
STAFF_HOST_ROLES = ("Sales User", "Projects User")

CITIES = ("北京", "上海", "广州", "深圳", "杭州", "成都", "南京", "武汉", "苏州", "西安", "重庆", "厦门")
BRANDS = (
	"华辰",
	"瑞丰",
	"鼎盛",
	"新禾",
	"嘉源",
	"博远",
	"天晟",
	"恒达",
	"明润",
	"锦程",
	"佳和",
	"远航",
	"星辉",
	"宏图",
	"金桥",
	"云帆",
	"海岳",
	"聚信",
	"安泰",
	"润通",
)
INDUSTRIES = (
	"食品饮料有限公司",
	"汽车销售服务有限公司",
	"房地产开发有限公司",
	"日化用品有限公司",
	"电子科技有限公司",
	"连锁餐饮管理有限公司",
	"服饰有限公司",
	"家居用品有限公司",
	"医药有限公司",
	"文化旅游发展有限公司",
	"乳业有限公司",
	"银行股份有限公司",
)
SURNAMES = "张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = ("伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超")
CONTACT_ROLES = ("Decision Maker", "Advertising Manager", "Project Contact", "Finance Contact")
DESIGNATIONS = {
	"Decision Maker": "市场副总裁",
	"Advertising Manager": "广告部经理",
	"Project Contact": "品牌专员",
	"Finance Contact": "财务主管",
}
PREFERENCES = ("Phone", "WeChat", "Email", "In-Person Visit", "Video Call")

# tier, how many clients, invoices per year (low, high), amount per invoice in CNY (low, high)
TIER_MIX = (
	("Strategic Client", 6, (8, 12), (180_000, 600_000)),
	("Key Client", 14, (5, 8), (60_000, 200_000)),
	("Potential Client", 20, (2, 5), (20_000, 80_000)),
	("Regular Client", 20, (1, 3), (8_000, 30_000)),
)

SERVICE_ITEMS = (
	("AGENCY-MEDIA", "媒介投放服务"),
	("AGENCY-CREATIVE", "创意设计服务"),
	("AGENCY-RESEARCH", "市场调研服务"),
	("AGENCY-PRODUCTION", "广告制作服务"),
	("AGENCY-RETAINER", "年度广告代理服务费"),
)


def make_demo():
	rng = random.Random(DEMO_SEED)
	for step in DEMO_STEPS:
		# texts the steps store (scorecard breakdowns, comments) in the site's language, as a job would
		frappe.local.lang = frappe.db.get_default("lang") or "en"
		step(rng)
		frappe.db.commit()  # nosemgrep: a long CLI job; each step is kept once done


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
	year = getdate(nowdate()).year - 1
	if frappe.db.exists("Fiscal Year", {"year_start_date": f"{year}-01-01"}):
		return
	frappe.get_doc(
		{
			"doctype": "Fiscal Year",
			"year": str(year),
			"year_start_date": f"{year}-01-01",
			"year_end_date": f"{year}-12-31",
			"companies": [{"company": demo_company()}],
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
		if frappe.db.exists("Item", code):
			continue
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": item_name,
				"item_group": "Services",
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"include_item_in_manufacturing": 0,
			}
		).insert(ignore_permissions=True)


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


DEMO_STEPS = [
	complete_setup,
	use_chinese,
	make_previous_fiscal_year,
	make_staff,
	make_service_items,
	make_clients,
	make_projects,
	make_invoices_and_payments,
	make_admissions,
	make_work_orders,
	make_delegation,
	make_survey_demo,
	make_visits_and_care,
	make_scorecard_demo,
	make_complaint_demo,
]


# --- helpers -----------------------------------------------------------------------------------


def demo_company() -> str:
	return frappe.db.get_value("Company", COMPANY, "name") or frappe.defaults.get_global_default("company")


def staff_by_role() -> dict[str, list[str]]:
	by_role: dict[str, list[str]] = {}
	for user_id, _name, user_roles in STAFF:
		for role in user_roles:
			by_role.setdefault(role, []).append(f"{user_id}@{EMAIL_DOMAIN}")
	return by_role


def client_names() -> list[str]:
	"""The demo clients' names, always the same ones (their own seed, independent of the steps' order)."""
	rng = random.Random(DEMO_SEED)
	total = sum(count for _tier, count, _i, _a in TIER_MIX)
	names: list[str] = []
	seen = set()
	while len(names) < total:
		name = rng.choice(CITIES) + rng.choice(BRANDS) + rng.choice(INDUSTRIES)
		if name not in seen:
			seen.add(name)
			names.append(name)
	return names


def demo_customers(tiers: tuple[str, ...] | None = None):
	filters = {"customer_name": ("in", client_names())}
	if tiers:
		filters["client_tier"] = ("in", tiers)
	return frappe.get_all("Customer", filters=filters, fields=["name", "customer_name", "client_tier"])
