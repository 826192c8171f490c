// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Client Loss Analysis"] = {
	filters: [
		agency.report_filters.choice("analyse_by", __("Analyse By"), {
			"Loss Reason": __("Loss Reason"),
			"Loss Category": __("Loss Category"),
			"Client Tier": __("Client Tier"),
			Industry: __("Industry"),
			"Account Manager": __("Account Manager"),
			Month: __("Month Lost"),
		}),
		...agency.report_filters.period(__("Lost From"), __("Lost To"), { months: 12 }),
	],
};
