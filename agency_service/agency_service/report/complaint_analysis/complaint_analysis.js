// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Complaint Analysis"] = {
	filters: [
		{
			fieldname: "analyse_by",
			label: __("Analyse By"),
			fieldtype: "Select",
			options: [
				{ value: "Category", label: __("Complaint Category") },
				{ value: "Root Cause", label: __("Root Cause") },
				{ value: "Responsible Department", label: __("Responsible Department") },
				{ value: "Severity", label: __("Severity") },
				{ value: "Month", label: __("Month Received") },
			],
			default: "Category",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("Received From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("Received To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "client_tier", label: __("Client Tier"), fieldtype: "Link", options: "Client Tier" },
		{
			fieldname: "category",
			label: __("Complaint Category"),
			fieldtype: "Link",
			options: "Complaint Category",
		},
		{ fieldname: "priority", label: __("Severity"), fieldtype: "Link", options: "Issue Priority" },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
		{ fieldname: "customer", label: __("Client"), fieldtype: "Link", options: "Customer" },
	],
};
