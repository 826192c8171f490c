"""Demo data: a believable Chinese advertising agency and its clients.

``make_demo`` runs ``DEMO_STEPS`` in order, one module per area (``demo/<area>.py``). Every step is idempotent (it looks for what it would make
before making it), so running the command again changes nothing and takes seconds. Later features add
their own step to ``DEMO_STEPS``. The data is generated from a fixed seed, so every demo site looks alike.

Run it with ``bench --site SITE agency-make-demo``.
"""

import random

import frappe

from agency_service.demo import (
	archive,
	company,
	complaints,
	compliance,
	delivery,
	retention,
	scorecard,
	signoff,
	surveys,
	visits,
)
from agency_service.demo.base import DEMO_SEED

DEMO_STEPS = [
	company.complete_setup,
	company.use_chinese,
	company.make_previous_fiscal_year,
	company.make_staff,
	company.make_service_items,
	company.make_clients,
	company.make_projects,
	company.make_invoices_and_payments,
	signoff.make_admissions,
	signoff.make_work_orders,
	signoff.make_delegation,
	surveys.make_survey_demo,
	visits.make_visits_and_care,
	scorecard.make_scorecard_demo,
	complaints.make_complaint_demo,
	archive.make_archive_demo,
	retention.make_retention_demo,
	delivery.make_delivery_demo,
	delivery.make_progress_report_demo,
	delivery.make_after_delivery_demo,
	compliance.make_compliance_demo,
	compliance.make_contract_demo,
	compliance.make_self_inspection_demo,
	compliance.make_credit_review_demo,
]


def make_demo():
	rng = random.Random(DEMO_SEED)
	for step in DEMO_STEPS:
		# texts the steps store (scorecard breakdowns, comments) in the site's language, as a job would
		frappe.local.lang = frappe.db.get_default("lang") or "en"
		step(rng)
		frappe.db.commit()  # nosemgrep: a long CLI job; each step is kept once done
