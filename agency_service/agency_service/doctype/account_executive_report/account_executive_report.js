// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Account Executive Report", {
	refresh(frm) {
		if (frm.is_new()) return;
		const is_author = frm.doc.executive === frappe.session.user;
		if (frm.doc.status === "Draft" && is_author) {
			frm.add_custom_button(__("Draft Again from Records"), () =>
				frappe.confirm(__("Replace the activities with those drafted from the records of the period?"), () =>
					frm.call("refresh_from_records").then(() => frm.reload_doc())
				)
			);
			frm.add_custom_button(__("Submit Report"), () =>
				frm.save().then(() => frm.call("submit_report").then(() => frm.reload_doc()))
			).addClass("btn-primary");
		}
		if (frm.doc.status === "Submitted" && !is_author) {
			frm.add_custom_button(__("Review"), () => {
				frappe.prompt(
					{ fieldname: "comment", fieldtype: "Small Text", label: __("Comment for the Executive"), reqd: 1 },
					(values) => frm.call("review", values).then(() => frm.reload_doc()),
					__("Review Report"),
					__("Review")
				);
			}).addClass("btn-primary");
		}
	},
});
