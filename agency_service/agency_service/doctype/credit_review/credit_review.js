// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Credit Review", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Open") return;
		frm.add_custom_button(__("Decide"), () =>
			frappe.prompt(
				[
					{
						fieldname: "decision",
						fieldtype: "Select",
						label: __("Decision"),
						reqd: 1,
						options: ["Keep", "Lower Limit", "Suspend", "Lift Suspension"].map((d) => ({
							value: d,
							label: __(d),
						})),
					},
					{
						fieldname: "new_limit",
						fieldtype: "Currency",
						label: __("New Credit Limit"),
						depends_on: "eval:doc.decision === 'Lower Limit'",
					},
					{
						fieldname: "new_rating",
						fieldtype: "Select",
						label: __("New Credit Rating"),
						options: ["", "A", "B", "C", "D"],
					},
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
				],
				(values) => frm.call("complete", values).then(() => frm.reload_doc()),
				__("Credit Review")
			)
		);
	},
});
