frappe.query_reports["Client Scorecard"] = {
	filters: [
		{
			fieldname: "period",
			label: __("Scorecard Period"),
			fieldtype: "Data",
			description: __("YYYY-MM; the latest month when empty"),
		},
		agency.report_filters.client(),
		agency.report_filters.client_tier(__("Current Tier")),
		{ fieldname: "account_director", label: __("Account Director"), fieldtype: "Link", options: "User" },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
		agency.report_filters.industry(),
		{ fieldname: "only_tier_differences", label: __("Only Where the Suggested Tier Differs"), fieldtype: "Check" },
	],
	onload(report) {
		report.page.add_inner_button(__("Recompute All Scorecards"), () =>
			frappe.call({ method: "agency_service.api.scorecard.start_recompute", type: "POST" }).then((r) =>
				frappe.show_alert({ message: r.message.message, indicator: "blue" })
			)
		);
	},
};
