// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Pending Sign-offs"] = {
	filters: [
		{ fieldname: "approver", label: __("Approver"), fieldtype: "Link", options: "User" },
		{ fieldname: "document_type", label: __("Document Type"), fieldtype: "Select", options: [""] },
	],
	onload(report) {
		// the document types that have sign-off rules, shown in the user's language
		frappe.xcall("agency_service.api.signoff.signed_doctypes").then((doctypes) => {
			const filter = report.get_filter("document_type");
			filter.df.options = [""].concat(doctypes.map((doctype) => ({ value: doctype, label: __(doctype) })));
			filter.refresh();
		});
	},
};
