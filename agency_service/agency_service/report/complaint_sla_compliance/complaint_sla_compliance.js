// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Complaint SLA Compliance"] = {
	filters: [
		agency.report_filters.choice("group_by", __("Group By"), {
			"Client Tier": __("Client Tier"),
			Category: __("Complaint Category"),
			"Account Manager": __("Account Manager"),
			Industry: __("Industry"),
			Month: __("Month Received"),
		}),
		...agency.report_filters.complaints(),
	],
};
