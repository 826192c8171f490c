// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Team Reports"] = {
	filters: [
		agency.report_filters.account_manager({ default: frappe.session.user }),
		...agency.report_filters.period(__("From Date"), __("To Date"), { months: 1 }),
	],
};
