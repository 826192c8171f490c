// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.query_reports["Complaint Analysis"] = {
	filters: [
		agency.report_filters.choice("analyse_by", __("Analyse By"), {
			Category: __("Complaint Category"),
			"Root Cause": __("Root Cause"),
			"Responsible Department": __("Responsible Department"),
			Severity: __("Severity"),
			Industry: __("Industry"),
			Month: __("Month Received"),
		}),
		...agency.report_filters.complaints(),
	],
	onload(report) {
		if (!frappe.model.can_create("Improvement Action")) return;
		// the analysis leads to tracked actions (投诉分析与改进): one per category, linked to its complaints
		report.page.add_inner_button(__("Create Improvement Action"), () => {
			const filters = report.get_values() || {};
			frappe.prompt(
				[
					{
						fieldname: "category",
						fieldtype: "Link",
						options: "Complaint Category",
						label: __("Complaint Category"),
						default: filters.category,
						reqd: 1,
					},
					{ fieldname: "title", fieldtype: "Data", label: __("Title"), reqd: 1 },
					{ fieldname: "responsible", fieldtype: "Link", options: "User", label: __("Responsible"), reqd: 1 },
					{ fieldname: "due_date", fieldtype: "Date", label: __("Due Date"), reqd: 1 },
					{ fieldname: "action_plan", fieldtype: "Small Text", label: __("What Will Be Done"), reqd: 1 },
				],
				(values) =>
					frappe
						.xcall("agency_service.api.complaints.create_improvement_action", { values, filters })
						.then((name) => frappe.set_route("Form", "Improvement Action", name)),
				__("Create Improvement Action"),
				__("Create")
			);
		});
	},
};
