// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Scorecard", {
	refresh(frm) {
		frm.disable_save();
		frm.add_custom_button(__("Tier History"), () =>
			frappe.set_route("List", "Client Tier Change", { customer: frm.doc.customer })
		);
	},
});
