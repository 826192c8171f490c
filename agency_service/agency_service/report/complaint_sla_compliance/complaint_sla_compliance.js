// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Complaint SLA Compliance"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Client Tier", label: __("Client Tier") },
				{ value: "Category", label: __("Complaint Category") },
				{ value: "Account Manager", label: __("Account Manager") },
				{ value: "Month", label: __("Month Received") },
			],
			default: "Client Tier",
			reqd: 1,
		},
		...agency_service.reports.complaint_filters(),
	],
};
