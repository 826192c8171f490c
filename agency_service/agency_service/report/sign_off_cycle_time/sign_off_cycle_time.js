// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Sign-off Cycle Time"] = {
	filters: [
		{ fieldname: "rule", label: __("Sign-off Rule"), fieldtype: "Link", options: "Sign-off Rule" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
	],
};
