// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Brand File", {
	setup(frm) {
		// the organisation chart holds the client's own contacts
		const client_contacts = () => agency.queries.client_contacts(frm.doc.customer);
		frm.set_query("contact", "people", client_contacts);
		frm.set_query("reports_to", "people", client_contacts);
	},
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Mark Reviewed"), () =>
				frm.call("mark_reviewed").then(() => frm.reload_doc())
			);
		}
	},
});
