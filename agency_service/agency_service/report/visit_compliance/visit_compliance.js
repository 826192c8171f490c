// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Visit Compliance"] = {
	filters: [
		agency.report_filters.choice("group_by", __("Group By"), {
			"Account Manager": __("Account Manager"),
			"Client Tier": __("Client Tier"),
			Client: __("Client"),
			Industry: __("Industry"),
		}),
		...agency.report_filters.period(__("Due From"), __("Due To"), { months: 3 }),
		agency.report_filters.account_manager(),
		agency.report_filters.client_tier(),
		agency.report_filters.client(),
		agency.report_filters.industry(),
	],
};
