// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Visit Compliance"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Account Manager", label: __("Account Manager") },
				{ value: "Client Tier", label: __("Client Tier") },
				{ value: "Client", label: __("Client") },
				{ value: "Industry", label: __("Industry") },
			],
			default: "Account Manager",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("Due From"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("Due To"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
		{ fieldname: "client_tier", label: __("Client Tier"), fieldtype: "Link", options: "Client Tier" },
		{ fieldname: "customer", label: __("Client"), fieldtype: "Link", options: "Customer" },
		{ fieldname: "industry", label: __("Industry"), fieldtype: "Link", options: "Industry Type" },
	],
};
