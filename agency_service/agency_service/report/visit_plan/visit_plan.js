// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Visit Plan"] = {
	filters: [
		agency.report_filters.account_manager({ default: frappe.session.user }),
		agency.report_filters.choice("period", __("Period"), { Month: __("Month"), Quarter: __("Quarter") }),
		{
			fieldname: "date",
			label: __("Period Containing"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
	],
};
