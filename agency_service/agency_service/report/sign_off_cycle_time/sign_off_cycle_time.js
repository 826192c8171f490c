// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Sign-off Cycle Time"] = {
	filters: [
		agency.report_filters.link("rule", __("Sign-off Rule"), "Sign-off Rule"),
		...agency.report_filters.period(__("From Date"), __("To Date"), { reqd: 0 }),
	],
};
