# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from agency_service.signoff.engine import ensure_signoff_fields
from agency_service.signoff.rules import N_OF_M


class InvalidSignoffRuleError(frappe.ValidationError):
	pass


class SignoffRule(Document):
	def validate(self):
		self.validate_unique_purpose()
		self.validate_steps()
		self.validate_approvers()
		self.validate_fields_exist()
		self.validate_conditions()

	def on_update(self):
		if self.enabled:
			ensure_signoff_fields(self.document_type)

	def validate_unique_purpose(self):
		if not self.enabled:
			return
		other = frappe.db.get_value(
			"Sign-off Rule",
			{
				"document_type": self.document_type,
				"purpose": self.purpose,
				"enabled": 1,
				"name": ("!=", self.name),
			},
		)
		if other:
			throw(
				_("Rule {0} already signs off {1} for {2}.").format(
					frappe.bold(other), _(self.document_type), frappe.bold(self.purpose)
				)
			)

	def validate_steps(self):
		numbers = [step.step_no for step in self.steps]
		if len(set(numbers)) != len(numbers):
			throw(_("Each step needs its own step number."))
		for step in self.steps:
			if step.step_no <= 0:
				throw(_("Row {0}: step numbers start at 1.").format(step.idx))
			lines = [a for a in self.approvers if a.step_no == step.step_no]
			if not lines:
				throw(_("Step {0} ({1}) has no approvers.").format(step.step_no, frappe.bold(step.step_name)))
			if step.signers_required == N_OF_M and not 1 <= (step.required_count or 0):
				throw(_("Step {0}: give how many signatures are needed (N).").format(step.step_no))
			if (step.deadline_hours or 0) < 0:
				throw(_("Step {0}: the deadline cannot be negative.").format(step.step_no))

	def validate_approvers(self):
		numbers = {step.step_no for step in self.steps}
		required = {
			"Role": "role",
			"User": "user",
			"Document Field": "fieldname",
			"Client Field": "fieldname",
		}
		for line in self.approvers:
			if line.step_no not in numbers:
				throw(
					_("Approver row {0} belongs to step {1}, which does not exist.").format(
						line.idx, line.step_no
					)
				)
			if not line.get(required[line.approver_source]):
				throw(
					_("Approver row {0}: fill in {1}.").format(
						line.idx, frappe.bold(_(line.meta.get_label(required[line.approver_source])))
					)
				)

	def validate_fields_exist(self):
		meta = frappe.get_meta(self.document_type)
		customer_meta = frappe.get_meta("Customer")
		for line in self.approvers:
			if line.approver_source == "Document Field" and not meta.has_field(line.fieldname):
				throw(_("{0} has no field {1}.").format(_(self.document_type), frappe.bold(line.fieldname)))
			if line.approver_source == "Client Field":
				if not meta.has_field(self.client_field or "customer"):
					throw(
						_("{0} has no client field {1}.").format(
							_(self.document_type), frappe.bold(self.client_field)
						)
					)
				if not customer_meta.has_field(line.fieldname):
					throw(_("Customer has no field {0}.").format(frappe.bold(line.fieldname)))
		for step in self.steps:
			for fieldname in (f.strip() for f in (step.step_fields or "").split(",")):
				if fieldname and not meta.has_field(fieldname):
					throw(_("{0} has no field {1}.").format(_(self.document_type), frappe.bold(fieldname)))

	def validate_conditions(self):
		for row in [*self.steps, *self.approvers]:
			if (row.condition or "").strip():
				try:
					compile(row.condition, "<condition>", "eval")
				except SyntaxError:
					throw(
						_("Row {0}: the condition {1} is not a valid expression.").format(
							row.idx, frappe.bold(row.condition)
						)
					)


def throw(message):
	frappe.throw(message, title=_("Invalid Sign-off Rule"), exc=InvalidSignoffRuleError)
