// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Overdue Visit Action Items"] = {
	filters: [
		agency.report_filters.account_manager(),
		agency.report_filters.link("assigned_to", __("Action Owner"), "User"),
		agency.report_filters.client_tier(),
		agency.report_filters.client(),
	],
};
