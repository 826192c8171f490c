// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Tier Service Check"] = {
	filters: [
		agency.report_filters.choice("view", __("Show"), {
			"By Client": __("Each Client's Promises"),
			"Misses per Manager": __("Misses per Account Manager"),
		}),
		...agency.report_filters.period(__("From Date"), __("To Date"), { months: 3 }),
		agency.report_filters.client(),
		agency.report_filters.client_tier(),
		agency.report_filters.account_manager(),
		{ fieldname: "only_missed", label: __("Only Missed Promises"), fieldtype: "Check" },
	],
};
