frappe.query_reports["Survey Results"] = {
	filters: [
		...agency.report_filters.period(__("From Date"), __("To Date"), { months: 12 }),
		agency.report_filters.choice(
			"group_by",
			__("Group By"),
			{
				"Client Tier": __("Client Tier"),
				"Account Manager": __("Account Manager"),
				Customer: __("Customer"),
				Month: __("Month"),
			},
			{ reqd: 0 }
		),
		agency.report_filters.client_tier(),
		agency.report_filters.account_manager(),
		agency.report_filters.client(__("Customer")),
		{
			fieldname: "channel",
			label: __("Response Channel"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "Online", label: __("Online") },
				{ value: "Phone", label: __("Phone") },
				{ value: "Face to Face", label: __("Face to Face") },
			],
		},
	],
};
