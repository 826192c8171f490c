// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Complaint Analysis"] = {
	filters: [
		agency.report_filters.choice("analyse_by", __("Analyse By"), {
			Category: __("Complaint Category"),
			"Root Cause": __("Root Cause"),
			"Responsible Department": __("Responsible Department"),
			Severity: __("Severity"),
			Month: __("Month Received"),
		}),
		...agency.report_filters.complaints(),
	],
};
