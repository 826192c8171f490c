"""The brand file's review reminder: a file not reviewed for its client tier's review period reminds its
keeper, once per period, in one digest per keeper (a daily job, set-based over every client)."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce
from frappe.utils import add_days, create_batch, getdate, nowdate

from agency_service import notify
from agency_service.clients.profile import with_client
from agency_service.job_lock import runs_alone

FALLBACK_REVIEW_DAYS = 180


def review_days(tier: str | None) -> int:
	days = frappe.db.get_value("Client Tier", tier, "brand_file_review_days") if tier else None
	if not days:
		days = frappe.db.get_value("Client Tier", {"is_default": 1}, "brand_file_review_days")
	return days or FALLBACK_REVIEW_DAYS


def review_due_on(customer: str, reviewed_on):
	tier = frappe.db.get_value("Customer", customer, "client_tier")
	return getdate(add_days(getdate(reviewed_on), review_days(tier)))


def files_due(today=None) -> list[frappe._dict]:
	"""Brand files past their review date whose keeper has not been reminded since it passed."""
	today = getdate(today or nowdate())
	brand_file, tier = DocType("Brand File"), DocType("Client Tier")
	default_days = review_days(None)
	query, customer = with_client(brand_file)
	rows = (
		query.left_join(tier)
		.on(tier.name == customer.client_tier)
		.select(
			brand_file.name,
			brand_file.keeper,
			brand_file.customer_name,
			Coalesce(brand_file.last_reviewed_on, brand_file.creation).as_("reviewed_on"),
			brand_file.review_reminded_on,
			tier.brand_file_review_days.as_("days"),
		)
		.where(customer.disabled == 0)
		.run(as_dict=True)
	)
	due = []
	for row in rows:
		row.due_on = add_days(getdate(row.reviewed_on), row.days or default_days)
		if row.due_on <= today and not (
			row.review_reminded_on and getdate(row.review_reminded_on) >= row.due_on
		):
			due.append(row)
	return due


def remind_brand_file_reviews(today=None) -> dict:
	today = getdate(today or nowdate())
	due = files_due(today)
	digests: dict[str, list] = {}
	for row in due:
		text = _("not reviewed since {0}, due on {1}").format(
			frappe.utils.formatdate(row.reviewed_on), frappe.utils.formatdate(row.due_on)
		)
		digests.setdefault(row.keeper, []).append(("Brand File", row.name, text))
	notify.send_digests(
		digests,
		lambda count: _("{0} brand files are due for review").format(count),
		_("… and {0} more brand files."),
	)
	brand_file = DocType("Brand File")
	for names in create_batch([row.name for row in due], 5000):
		frappe.qb.update(brand_file).set(brand_file.review_reminded_on, today).where(
			brand_file.name.isin(names)
		).run()
	return {"reminded_files": len(due), "keepers": len(digests)}


@runs_alone
def remind_brand_file_reviews_job():
	return remind_brand_file_reviews()
