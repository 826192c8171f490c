# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class InvalidVisitSettingsError(frappe.ValidationError):
	pass


class VisitandCareSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		anniversary_template: DF.Link | None
		birthday_template: DF.Link | None
		care_days_ahead: DF.Int
		default_visit_hour: DF.Int
		default_visit_minutes: DF.Int
		escalation_hours: DF.Int
		holiday_template: DF.Link | None
		minutes_due_hours: DF.Int
		planning_horizon_days: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_positive_numbers()
		self.validate_start_hour()

	def validate_start_hour(self):
		if not 0 <= (self.default_visit_hour or 0) <= 23:
			frappe.throw(
				_("Default Start Hour must be between 0 and 23."),
				title=_("Invalid Settings"),
				exc=InvalidVisitSettingsError,
			)

	def validate_positive_numbers(self):
		for fieldname in ("default_visit_minutes", "minutes_due_hours"):
			if (self.get(fieldname) or 0) <= 0:
				frappe.throw(
					_("{0} must be more than zero.").format(frappe.bold(_(self.meta.get_label(fieldname)))),
					title=_("Invalid Settings"),
					exc=InvalidVisitSettingsError,
				)
		for fieldname in ("planning_horizon_days", "escalation_hours", "care_days_ahead"):
			if (self.get(fieldname) or 0) < 0:
				frappe.throw(
					_("{0} cannot be negative.").format(frappe.bold(_(self.meta.get_label(fieldname)))),
					title=_("Invalid Settings"),
					exc=InvalidVisitSettingsError,
				)
