# Copyright (c) 2026, agency_service developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from agency_service.clients.profile import is_contact_of
from agency_service.clients.reviews import review_due_on
from agency_service.guard import ActionDocument, controlled_change, in_controlled_change

REVIEW_FIELDS = ("last_reviewed_on", "review_due_on", "review_reminded_on")


class BrandFileError(frappe.ValidationError):
	pass


class OrganisationCycleError(BrandFileError):
	pass


class BrandFile(ActionDocument):
	"""A client's brand file (品牌档案 / 实情手册): kept current by its keeper, reviewed on the tier's cycle."""

	def validate(self):
		self.keep_review_dates()
		self.validate_people()
		self.validate_organisation_chart()
		self.validate_amounts()
		self.validate_ad_volumes()

	def keep_review_dates(self):
		"""The review dates follow the file's saves and reviews, never what a form or REST call sends."""
		if in_controlled_change():
			return
		before = self.get_doc_before_save()
		for fieldname in REVIEW_FIELDS:
			self.set(fieldname, before.get(fieldname) if before else None)

	def before_save(self):
		# every save by its keeper or team is a review of the file: it is current as of today
		self.last_reviewed_on = getdate(nowdate())
		self.review_due_on = review_due_on(self.customer, self.last_reviewed_on)

	def validate_people(self):
		seen = set()
		for row in self.people:
			if row.contact in seen:
				throw(
					_("Row {0}: {1} is in the organisation chart twice.").format(
						row.idx, frappe.bold(row.contact)
					)
				)
			seen.add(row.contact)
			if not is_contact_of(row.contact, self.customer):
				throw(
					_("Row {0}: {1} is not a contact of {2}.").format(
						row.idx, frappe.bold(row.contact_name or row.contact), frappe.bold(self.customer)
					)
				)
			if row.reports_to == row.contact:
				throw(
					_("Row {0}: a person cannot report to themselves.").format(row.idx),
					OrganisationCycleError,
				)

	def validate_organisation_chart(self):
		"""Who reports to whom is a tree: following the reporting line never comes back to the start."""
		boss_of = {row.contact: row.reports_to for row in self.people if row.reports_to}
		names = {row.contact: row.contact_name or row.contact for row in self.people}
		for person in boss_of:
			chain, current = [person], boss_of[person]
			while current:
				if current == person:
					throw(
						_("The organisation chart has a reporting cycle: {0}.").format(
							" → ".join(frappe.bold(names.get(p, p)) for p in [*chain, person])
						),
						OrganisationCycleError,
					)
				if current in chain:
					break  # a cycle further up: reported when its own people are checked
				chain.append(current)
				current = boss_of.get(current)

	def validate_amounts(self):
		for table, fieldname in (
			("competitors", "estimated_spend"),
			("ad_volumes", "amount"),
			("campaigns", "budget"),
		):
			for row in self.get(table):
				if flt(row.get(fieldname)) < 0:
					throw(
						_("Row {0} of {1}: {2} cannot be negative.").format(
							row.idx,
							_(self.meta.get_label(table)),
							_(row.meta.get_label(fieldname)),
						)
					)

	def validate_ad_volumes(self):
		seen = set()
		for row in self.ad_volumes:
			key = (row.year, row.medium)
			if key in seen:
				throw(
					_("Row {0}: advertising volume for {1} in {2} is listed more than once.").format(
						row.idx, _(row.medium), row.year
					)
				)
			seen.add(key)

	@frappe.whitelist()
	def mark_reviewed(self):
		"""The keeper has checked the file and found it current: the review clock starts again."""
		self.check_permission("write")
		today = nowdate()
		with controlled_change():
			self.db_set(
				{
					"last_reviewed_on": today,
					"review_due_on": review_due_on(self.customer, today),
					"review_reminded_on": None,
				}
			)
		self.add_comment("Info", _("Brand file reviewed: current as of {0}.").format(today))


def throw(message: str, exc=BrandFileError):
	frappe.throw(message, title=_("Brand File"), exc=exc)
