"""What every demo step shares: the demo agency's facts and the look-ups of what earlier steps made.

No step imports another step; each imports only this module."""

import random

import frappe

from agency_service import roles
from agency_service.clients.profile import contact_client_links
from agency_service.signoff.engine import sign

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


# --- shared by the steps: who acts, and the demo portal client -------------------------------------------


def user(user_id: str) -> str:
	return f"{user_id}@{EMAIL_DOMAIN}"


def as_user(user_id: str):
	frappe.set_user(user(user_id))


def signs(doc, *signers, decision="Approved", comment=None, values=None):
	for signer in signers:
		as_user(signer)
		sign(doc.doctype, doc.name, decision, comment=comment, values=values)
	frappe.set_user("Administrator")


def first_contact(customer: str) -> str | None:
	query, _contact, link = contact_client_links()
	found = (
		query.select(link.parent)
		.where(link.link_name == customer)
		.orderby(link.parent)
		.limit(1)
		.run(pluck=True)
	)
	return found[0] if found else None


def portal_contact() -> tuple[str, str] | tuple[None, None]:
	"""The demo client whose contact logs in on the portal: the first strategic client, its first contact."""

	clients = sorted(c.name for c in demo_customers(("Strategic Client",)))
	contact = first_contact(clients[0]) if clients else None
	if not contact:
		return None, None
	return clients[0], contact
