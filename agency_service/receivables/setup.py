"""The receivables watch's names, its reminder template and settings defaults, and their idempotent setup."""

import frappe
from frappe import _
from frappe.custom.doctype.property_setter.property_setter import make_property_setter
from frappe.utils import cint

from agency_service.scorecard.settings import DEFAULT_SETTINGS
from agency_service.setup.custom_fields import CREDIT_PERMLEVEL

SETTINGS = "Scorecard and Receivables Settings"
REMINDER = "Receivables Reminder"
REMINDER_TEMPLATE = "Overdue Receivables Reminder"
CLIENT_LEVEL, MANAGER_LEVEL, DIRECTOR_LEVEL = (
	"Client Reminder",
	"Account Manager Escalation",
	"Account Director Escalation",
)
AGEING_BUCKETS = ((30, "1–30 Days Overdue"), (60, "31–60 Days Overdue"), (90, "61–90 Days Overdue"))
OVER_90 = "Over 90 Days Overdue"
NOT_DUE = "Not Yet Due"
BILLING_CONTACT_ROLE = "Finance Contact"

REMINDER_SUBJECT = '{{ _("Overdue invoices of {0}").format(customer_name) }}'
REMINDER_BODY = """<p>{{ _("Dear {0},").format(contact_name) }}</p>
<p>{{ _("According to our records, the following invoices of {0} are past their due date:").format(customer_name) }}</p>
<table border="1" cellpadding="4" cellspacing="0">
<tr><th>{{ _("Invoice") }}</th><th>{{ _("Invoice Date") }}</th><th>{{ _("Due Date") }}</th><th>{{ _("Days Overdue") }}</th><th>{{ _("Outstanding Amount") }}</th></tr>
{% for row in invoices %}<tr><td>{{ row.name }}</td><td>{{ row.posting_date }}</td><td>{{ row.due_date }}</td><td>{{ row.days_overdue }}</td><td>{{ row.outstanding }}</td></tr>
{% endfor %}</table>
<p>{{ _("Total overdue: {0}").format(total) }}</p>
<p>{{ _("Please arrange payment at your earliest convenience. If you have already paid, please disregard this reminder.") }}</p>
<p>{{ _("Kind regards,") }}<br>{{ company }}</p>"""


class CreditError(frappe.ValidationError):
	pass


# --- setup -----------------------------------------------------------------------------------------


def sync_receivables_setup():
	"""Idempotent: the reminder template, settings defaults and credit limits at the credit permlevel."""
	frappe.db.add_unique(
		"Receivables Reminder",
		["customer", "reminder_level", "state_key"],
		constraint_name="unique_reminder_per_state",
	)
	if not frappe.db.exists("Email Template", REMINDER_TEMPLATE):
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": REMINDER_TEMPLATE,
				"subject": REMINDER_SUBJECT,
				"use_html": 1,
				"response_html": REMINDER_BODY,
			}
		).insert(ignore_permissions=True)
	defaults = {
		**DEFAULT_SETTINGS,
		"receivables_watch_enabled": 1,
		"reminder_template": REMINDER_TEMPLATE,
		"manager_escalation_days": 15,
		"director_escalation_days": 45,
	}
	stored = frappe.db.get_singles_dict(SETTINGS)
	for key, value in defaults.items():
		if stored.get(key) in (None, ""):
			frappe.db.set_single_value(SETTINGS, key, value)
	# ERPNext's credit limits are written by whoever may set the credit rating, nobody else.
	if frappe.get_meta("Customer").get_field("credit_limits").permlevel != CREDIT_PERMLEVEL:
		make_property_setter(
			"Customer",
			"credit_limits",
			"permlevel",
			CREDIT_PERMLEVEL,
			"Int",
			validate_fields_for_doctype=False,
		)
		frappe.clear_cache(doctype="Customer")


def validate_settings(doc):
	manager, director = cint(doc.manager_escalation_days), cint(doc.director_escalation_days)
	if manager < 0 or director < 0:
		frappe.throw(_("Escalation days cannot be negative."), title=_("Invalid Receivables Settings"))
	if director and manager and director < manager:
		frappe.throw(
			_("The account director is told after the account manager: give at least {0} days.").format(
				manager
			),
			title=_("Invalid Receivables Settings"),
		)
	if doc.create_dunning and not doc.dunning_type:
		frappe.throw(
			_("Choose the Dunning Type to draft dunnings with."), title=_("Invalid Receivables Settings")
		)
