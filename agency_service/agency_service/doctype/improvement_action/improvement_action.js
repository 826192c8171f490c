// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Improvement Action", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (["Open", "Not Effective"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Start Work"), () => frm.call("start_work").then(() => frm.reload_doc()));
		}
		if (frm.doc.status === "In Progress") {
			frm.add_custom_button(__("Check Effect"), () => {
				frappe.prompt(
					[
						{
							fieldname: "outcome",
							fieldtype: "Select",
							label: __("Outcome"),
							options: [
								{ value: "Effective", label: __("Effective") },
								{ value: "Not Effective", label: __("Not Effective") },
							],
							reqd: 1,
						},
						{ fieldname: "effect_check", fieldtype: "Small Text", label: __("How the Effect Was Checked"), reqd: 1 },
					],
					(values) => frm.call("mark_done", values).then(() => frm.reload_doc()),
					__("Check Effect"),
					__("Save")
				);
			}).addClass("btn-primary");
		}
	},
});
