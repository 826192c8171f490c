// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Admission", {
	refresh(frm) {
		if (!frm.is_new() && ["Draft", "Rejected"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Submit for Review"), () =>
				frm.call("submit_for_review").then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
		if (frm.doc.customer) {
			frm.add_custom_button(__("Open Client"), () =>
				frappe.set_route("Form", "Customer", frm.doc.customer)
			);
		}
	},
});
