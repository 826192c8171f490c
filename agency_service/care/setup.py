"""The care calendar's names, shipped greeting templates and occasions, and their idempotent setup."""

import frappe

SETTINGS = "Visit and Care Settings"
REMINDER = "Care Reminder"
BIRTHDAY, FOUNDING, COOPERATION, HOLIDAY = (
	"Contact Birthday",
	"Founding Anniversary",
	"Cooperation Anniversary",
	"Holiday Greeting",
)
DEFAULT_DAYS_AHEAD = 7

BIRTHDAY_TEMPLATE = "Client Contact Birthday Greeting"
ANNIVERSARY_TEMPLATE = "Client Anniversary Greeting"
HOLIDAY_TEMPLATE = "Client Holiday Greeting"
# name, subject, body (Jinja: contact_name, customer_name, occasion, occasion_date, years)
SHIPPED_TEMPLATES = (
	(
		BIRTHDAY_TEMPLATE,
		"生日快乐，{{ contact_name }}！",
		"<p>尊敬的{{ contact_name }}：</p><p>值此生日之际，星河广告全体同仁祝您生日快乐、身体健康、"
		"万事如意！感谢您一直以来对我们工作的信任与支持。</p>",
	),
	(
		ANNIVERSARY_TEMPLATE,
		"祝贺{{ customer_name }}{{ occasion }}",
		"<p>尊敬的{{ contact_names }}：</p><p>欣逢{{ customer_name }}{{ occasion }}（{{ years }} 周年），"
		"谨致以诚挚的祝贺！感谢贵公司的信任，期待我们携手再创佳绩。</p>",
	),
	(
		HOLIDAY_TEMPLATE,
		"{{ occasion }}快乐",
		"<p>尊敬的{{ contact_names }}：</p><p>{{ occasion }}将至，谨代表公司向您和{{ customer_name }}"
		"全体同仁致以节日的问候，祝阖家幸福、事业兴旺！</p>",
	),
)
# name, fixed (month, day) or None, dates by year
SHIPPED_OCCASIONS = (
	("New Year's Day", (1, 1), ()),
	("Spring Festival", None, ("2026-02-17", "2027-02-06", "2028-01-26")),
	("Dragon Boat Festival", None, ("2026-06-19", "2027-06-09", "2028-05-28")),
	("Mid-Autumn Festival", None, ("2026-09-25", "2027-09-15", "2028-10-03")),
	("National Day", (10, 1), ()),
)


class InvalidCareOccasionError(frappe.ValidationError):
	pass


# --- setup -----------------------------------------------------------------------------------------


def sync_visit_and_care_setup():
	"""Idempotent: greeting templates, the usual holidays and settings defaults."""
	for name, subject, body in SHIPPED_TEMPLATES:
		if not frappe.db.exists("Email Template", name):
			frappe.get_doc(
				{
					"doctype": "Email Template",
					"name": name,
					"subject": subject,
					"use_html": 1,
					"response_html": body,
				}
			).insert(ignore_permissions=True)
	for name, fixed, dates in SHIPPED_OCCASIONS:
		if frappe.db.exists("Care Occasion", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Care Occasion",
				"occasion_name": name,
				"enabled": 1,
				"fixed_month": fixed[0] if fixed else None,
				"fixed_day": fixed[1] if fixed else None,
				"dates": [{"occasion_date": d} for d in dates],
			}
		).insert(ignore_permissions=True)
	settings = frappe.get_single(SETTINGS)
	defaults = {
		"planning_horizon_days": 14,
		"default_visit_hour": 10,
		"default_visit_minutes": 60,
		"minutes_due_hours": 24,
		"escalation_hours": 24,
		"care_days_ahead": DEFAULT_DAYS_AHEAD,
		"birthday_template": BIRTHDAY_TEMPLATE,
		"anniversary_template": ANNIVERSARY_TEMPLATE,
		"holiday_template": HOLIDAY_TEMPLATE,
	}
	missing = {key: value for key, value in defaults.items() if settings.get(key) in (None, "")}
	if missing:
		for key, value in missing.items():
			frappe.db.set_single_value(SETTINGS, key, value)
