// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Event", {
	setup(frm) {
		// a guest is a contact of the client on the same row
		frm.set_query("contact", "invitations", (doc, cdt, cdn) => {
			const row = locals[cdt][cdn];
			return row.customer ? agency.queries.client_contacts(row.customer) : {};
		});
	},
	refresh(frm) {
		const pending = (frm.doc.invitations || []).filter((row) => row.contact && !row.invited_on);
		if (!frm.is_new() && frm.doc.status === "Planned" && pending.length) {
			frm.add_custom_button(__("Send Invitations"), () =>
				frm.save().then(() =>
					frm.call("send_invitations").then((r) => {
						const { sent, without_email } = r.message;
						let message = __("{0} invitations sent.", [sent]);
						if (without_email.length) {
							message += " " + __("No email address for rows {0}.", [without_email.join(", ")]);
						}
						frappe.msgprint(message);
						frm.reload_doc();
					})
				)
			).addClass("btn-primary");
		}
	},
});
