// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Compliance Self-Inspection", {
	onload(frm) {
		if (frm.is_new() && !frm.doc.period_start) {
			// the current quarter
			const today = frappe.datetime.str_to_obj(frappe.datetime.get_today());
			const first = new Date(today.getFullYear(), Math.floor(today.getMonth() / 3) * 3, 1);
			const last = new Date(first.getFullYear(), first.getMonth() + 3, 0);
			frm.set_value("period_start", frappe.datetime.obj_to_str(first));
			frm.set_value("period_end", frappe.datetime.obj_to_str(last));
		}
	},
	refresh(frm) {
		if (frm.is_new() || frm.doc.status === "Completed") return;
		frm.add_custom_button(__("Refresh Figures"), () =>
			frm.call("refresh_figures").then(() => frm.reload_doc())
		);
		frm.add_custom_button(__("Complete Self-Inspection"), () =>
			frm.call("complete").then(() => frm.reload_doc())
		);
	},
});
