// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Ad Content Compliance Audit"] = {
	filters: [
		...agency.report_filters.period(__("From Date"), __("To Date"), { months: 3 }),
		agency.report_filters.choice("view", __("Show"), {
			"Hits per Rule": __("Hits per Rule"),
			Rejections: __("Rejections"),
			"Delivered Without Review": __("Delivered Without Review"),
		}),
	],
};
