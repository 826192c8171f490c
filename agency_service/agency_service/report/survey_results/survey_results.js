frappe.query_reports["Survey Results"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Client Tier", label: __("Client Tier") },
				{ value: "Account Manager", label: __("Account Manager") },
				{ value: "Customer", label: __("Customer") },
				{ value: "Month", label: __("Month") },
			],
			default: "Client Tier",
		},
		{ fieldname: "client_tier", label: __("Client Tier"), fieldtype: "Link", options: "Client Tier" },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
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
