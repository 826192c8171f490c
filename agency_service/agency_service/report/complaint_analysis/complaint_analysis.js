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
		...agency_service.reports.complaint_filters(),
	],
};
