// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Post-Project Review", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.status === "Open") {
			frm.add_custom_button(__("Complete Review"), () =>
				frm.call("complete").then(() => frm.reload_doc())
			);
		}
		frm.add_custom_button(__("Work Order"), () =>
			frappe.set_route("Form", "Client Work Order", frm.doc.work_order)
		);
	},
});
