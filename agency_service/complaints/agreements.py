"""Complaint settings and the deadlines agreements: one ERPNext Service Level Agreement per client tier, kept in sync with the tier."""

import frappe
from frappe import _
from frappe.custom.doctype.property_setter.property_setter import make_property_setter
from frappe.utils import flt, getdate

from agency_service.complaints.base import (
	DEFAULT_CATEGORIES,
	DEFAULT_HOLIDAY_LIST,
	DOCTYPE,
	FULFILLED_STATUSES,
	HOLD_STATUSES,
	SEVERITIES,
)
from agency_service.setup.forced_settings import remember_forced_setting

# --- settings and the agreements -------------------------------------------------------------------


def settings():
	return frappe.get_cached_doc("Complaint Settings")


def agreement_name(tier: str) -> str:
	return f"SLA-{DOCTYPE}-{tier}"


# ERPNext's labels that read ambiguously in Chinese ("Resolution By" is translated as a screen resolution)
OWN_LABELS = {"response_by": "First Response Due By", "sla_resolution_by": "Resolution Due By"}


def agreement_fields() -> list[dict]:
	"""ERPNext's own agreement fields, placed at the end of the form; ``priority`` becomes Severity."""
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
		get_service_level_agreement_fields,
	)

	fields, last = [], "escalations"
	for field in get_service_level_agreement_fields():
		field = {**field, "insert_after": last}
		if field["fieldname"] == "priority":
			field.update(label="Severity", insert_after="category", reqd=1, in_list_view=1)
			field.update(in_standard_filter=1, search_index=1)
		elif field["fieldname"] == "service_level_section":
			field.update(label="Service Level Agreement", collapsible=1)
			last = field["fieldname"]
		elif field["fieldname"] in OWN_LABELS:
			field.update(label=OWN_LABELS[field["fieldname"]])
			last = field["fieldname"]
		else:
			last = field["fieldname"]
		fields.append(field)
	return fields


def ensure_agreement_fields():
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields({DOCTYPE: agreement_fields()}, ignore_validate=True, update=True)


def sync_complaint_setup():
	"""Idempotent: categories, settings defaults, severities, agreement fields and one agreement per tier."""
	for name, description in DEFAULT_CATEGORIES:
		if not frappe.db.exists("Complaint Category", name):
			frappe.get_doc(
				{"doctype": "Complaint Category", "category_name": name, "description": description}
			).insert(ignore_permissions=True)
	for severity in SEVERITIES:
		if not frappe.db.exists("Issue Priority", severity):
			frappe.get_doc({"doctype": "Issue Priority", "name": severity}).insert(ignore_permissions=True)
	# severities are ERPNext Issue Priorities: shown in the user's language wherever they are linked
	make_property_setter(
		"Issue Priority",
		None,
		"translated_doctype",
		1,
		"Check",
		for_doctype=True,
		validate_fields_for_doctype=False,
	)
	make_default_settings()
	remember_forced_setting("Support Settings", "track_service_level_agreement", 1)
	ensure_agreement_fields()
	sync_all_agreements()


def make_default_settings():
	doc = frappe.get_single("Complaint Settings")
	if doc.holiday_list and doc.working_hours:
		return
	if not doc.holiday_list:
		doc.holiday_list = default_holiday_list()
	if not doc.working_hours:
		for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
			doc.append("working_hours", {"workday": day, "start_time": "09:00:00", "end_time": "18:00:00"})
	doc.flags.ignore_permissions = True
	doc.flags.skip_agreement_sync = True
	doc.save()


def default_holiday_list() -> str:
	company = frappe.defaults.get_global_default("company")
	holiday_list = company and frappe.db.get_value("Company", company, "default_holiday_list")
	if holiday_list:
		return holiday_list
	if not frappe.db.exists("Holiday List", DEFAULT_HOLIDAY_LIST):
		year = getdate().year
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": DEFAULT_HOLIDAY_LIST,
				"from_date": f"{year - 1}-01-01",
				"to_date": f"{year + 2}-12-31",
			}
		).insert(ignore_permissions=True)
	return DEFAULT_HOLIDAY_LIST


def sync_tier_agreement(tier):
	"""Create or update the tier's agreement from the tier's deadlines and the complaint settings."""
	config = frappe.get_single("Complaint Settings")
	if not (config.holiday_list and config.working_hours and tier.complaint_deadlines):
		return
	name = agreement_name(tier.name)
	exists = frappe.db.exists("Service Level Agreement", name)
	sla = (
		frappe.get_doc("Service Level Agreement", name)
		if exists
		else frappe.new_doc("Service Level Agreement")
	)
	sla.update(
		{
			"service_level": tier.name,
			"document_type": DOCTYPE,
			"description": _("Complaint deadlines of the {0} tier (kept in sync with the tier).").format(
				tier.name
			),
			# Chosen per complaint by ``apply_deadlines`` (the complaint's tier names its agreement), not
			# by ERPNext's generic matcher, which would evaluate a Python condition of every agreement on
			# every save: kept disabled so that matcher passes over it.
			"enabled": 0,
			"default_service_level_agreement": 0,
			"condition": None,
			"apply_sla_for_resolution": 1,
			"holiday_list": config.holiday_list,
			"default_priority": "Medium",
		}
	)
	sla.set(
		"priorities",
		[
			{
				"priority": row.severity,
				"response_time": round(flt(row.response_hours) * 3600),
				"resolution_time": round(flt(row.resolution_hours) * 3600),
				"default_priority": int(row.severity == "Medium"),
			}
			for row in tier.complaint_deadlines
		],
	)
	sla.set(
		"support_and_resolution",
		[
			{"workday": row.workday, "start_time": row.start_time, "end_time": row.end_time}
			for row in config.working_hours
		],
	)
	sla.set("pause_sla_on", [{"status": status} for status in HOLD_STATUSES])
	sla.set("sla_fulfilled_on", [{"status": status} for status in FULFILLED_STATUSES])
	sla.flags.ignore_permissions = True
	sla.save()
	if not exists:
		# ERPNext resets the agreement fields' labels when an agreement is inserted: put ours back.
		ensure_agreement_fields()


def drop_tier_agreement(tier_name: str):
	name = agreement_name(tier_name)
	if frappe.db.exists("Service Level Agreement", name):
		frappe.delete_doc("Service Level Agreement", name, ignore_permissions=True, force=True)


def sync_all_agreements():
	for tier in frappe.get_all("Client Tier", pluck="name"):
		sync_tier_agreement(frappe.get_doc("Client Tier", tier))
