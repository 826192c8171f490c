// Client Service additions to ERPNext's Customer form.
frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.client_tier) {
			return;
		}
		const parts = [__("Client Tier") + ": " + __(frm.doc.client_tier)];
		if (frm.doc.tier_locked) {
			parts.push(__("Tier Locked"));
		}
		if (frm.doc.next_visit_date) {
			parts.push(__("Next Visit Due") + ": " + frappe.datetime.str_to_user(frm.doc.next_visit_date));
		}
		frm.dashboard.add_comment(parts.join(" · "), frm.doc.tier_locked ? "orange" : "blue", true);
	},
	tier_locked(frm) {
		if (!frm.doc.tier_locked) {
			frm.set_value("tier_lock_reason", "");
		}
	},
});
