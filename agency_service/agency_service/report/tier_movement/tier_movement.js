frappe.query_reports["Tier Movement"] = {
	filters: [
		...agency.report_filters.period(__("From Date"), __("To Date"), { months: 12, reqd: 0 }),
		agency.report_filters.client_tier(),
	],
};
