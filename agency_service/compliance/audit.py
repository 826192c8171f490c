"""The compliance audit (广告合规自查, 004 §5.3.3): what was reviewed in a period, the hits per rule, the
rejections, and work delivered without an approved review of its content — which must be none.

One place for these figures: the Ad Content Compliance Audit report and the periodic self-inspection read
them from here."""

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from frappe.utils import add_days, getdate

from agency_service.agency_service.report.utils import count_when

# the statuses a work order reaches only through delivery (and, from Proposed to Client on, proposal)
DELIVERED_STATUSES = (
	"Delivered",
	"Awaiting Acceptance Sign-off",
	"Accepted",
	"Proposed to Client",
	"Client Approved",
	"Archived",
)


def created_in(review, from_date, to_date):
	"""The reviews created from ``from_date`` to the end of ``to_date``."""
	return (review.creation >= getdate(from_date)) & (review.creation < add_days(getdate(to_date), 1))


def review_counts(from_date, to_date) -> frappe._dict:
	review = DocType("Ad Content Review")
	row = (
		frappe.qb.from_(review)
		.select(
			Count(review.name).as_("reviews"),
			count_when(review.signoff_status == "Approved").as_("approved"),
			count_when(review.signoff_status == "Rejected").as_("rejected"),
			count_when(review.signoff_status == "Pending").as_("pending"),
			count_when(review.hit_count > 0).as_("with_hits"),
		)
		.where(created_in(review, from_date, to_date))
		.run(as_dict=True)
	)[0]
	return frappe._dict({key: int(value or 0) for key, value in row.items()})


def hits_per_rule(from_date, to_date) -> list[dict]:
	review, hit = DocType("Ad Content Review"), DocType("Ad Content Review Hit")
	return (
		frappe.qb.from_(hit)
		.join(review)
		.on((hit.parent == review.name) & (hit.parenttype == "Ad Content Review"))
		.select(
			hit.term,
			hit.category,
			hit.severity,
			hit.rule,
			Count(hit.name).as_("hits"),
			Count(review.name).distinct().as_("reviews"),
			count_when(review.signoff_status == "Rejected").as_("hits_in_rejected"),
		)
		.where(created_in(review, from_date, to_date))
		.groupby(hit.term, hit.category, hit.severity, hit.rule)
		.orderby(Count(hit.name), order=frappe.qb.desc)
		.run(as_dict=True)
	)


def rejections(from_date, to_date) -> list[dict]:
	review, signature = DocType("Ad Content Review"), DocType("Sign-off Signature")
	return (
		frappe.qb.from_(review)
		.join(signature)
		.on(
			(signature.reference_doctype == "Ad Content Review")
			& (signature.reference_name == review.name)
			& (signature.decision == "Rejected")
		)
		.select(
			review.name.as_("review"),
			review.work_order,
			review.customer,
			review.hit_count,
			signature.signer,
			signature.signed_at,
			signature.comment,
		)
		.where(created_in(review, from_date, to_date))
		.orderby(signature.signed_at, order=frappe.qb.desc)
		.run(as_dict=True)
	)


def delivered_without_review() -> list[dict]:
	"""Work orders past delivery with no approved review recorded at delivery (must be none)."""
	work_order, review = DocType("Client Work Order"), DocType("Ad Content Review")
	return (
		frappe.qb.from_(work_order)
		.left_join(review)
		.on(review.name == work_order.delivered_review)
		.select(
			work_order.name.as_("work_order"), work_order.customer, work_order.status, work_order.modified
		)
		.where(work_order.status.isin(DELIVERED_STATUSES))
		.where(review.name.isnull() | (review.signoff_status != "Approved"))
		.orderby(work_order.modified, order=frappe.qb.desc)
		.run(as_dict=True)
	)


def audit_figures(from_date, to_date) -> frappe._dict:
	counts = review_counts(from_date, to_date)
	counts.hits = sum(row.hits for row in hits_per_rule(from_date, to_date))
	counts.delivered_without_review = len(delivered_without_review())
	return counts
