// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Pending Sign-offs"] = {
	filters: [
		{ fieldname: "approver", label: __("Approver"), fieldtype: "Link", options: "User" },
		{ fieldname: "document_type", label: __("Document Type"), fieldtype: "Link", options: "DocType" },
	],
};
