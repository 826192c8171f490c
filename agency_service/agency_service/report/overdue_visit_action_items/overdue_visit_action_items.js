// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Overdue Visit Action Items"] = {
	filters: [
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
		{ fieldname: "assigned_to", label: __("Action Owner"), fieldtype: "Link", options: "User" },
		{ fieldname: "client_tier", label: __("Client Tier"), fieldtype: "Link", options: "Client Tier" },
		{ fieldname: "customer", label: __("Client"), fieldtype: "Link", options: "Customer" },
	],
};
