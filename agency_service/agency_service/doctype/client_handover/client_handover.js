// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Handover", {
	setup(frm) {
		// only active staff can take a client over
		frm.set_query("incoming_user", () => ({ filters: { enabled: 1, user_type: "System User" } }));
		frm.set_query("outgoing_user", () => ({ filters: { user_type: "System User" } }));
	},
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status === "Draft") {
			frm.add_custom_button(__("Submit for Sign-off"), () =>
				frm.call("submit_for_signoff").then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
		if (frm.doc.customer) {
			frm.add_custom_button(__("Open Client"), () => frappe.set_route("Form", "Customer", frm.doc.customer));
		}
	},
	customer(frm) {
		frm.trigger("fill_outgoing_user");
	},
	team_role(frm) {
		frm.trigger("fill_outgoing_user");
	},
	fill_outgoing_user(frm) {
		// the person who keeps the client in the role handed over
		if (!frm.doc.customer || !frm.doc.team_role) return;
		const field = frm.doc.team_role === "Account Executive" ? "account_executive" : "account_manager";
		frappe.db.get_value("Customer", frm.doc.customer, field).then((r) => {
			if (r.message && r.message[field]) frm.set_value("outgoing_user", r.message[field]);
		});
	},
});
