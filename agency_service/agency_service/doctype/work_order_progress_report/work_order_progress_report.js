// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Work Order Progress Report", {
	refresh(frm) {
		frm.disable_save();
		frm.add_custom_button(__("Work Order"), () =>
			frappe.set_route("Form", "Client Work Order", frm.doc.work_order)
		);
	},
});
