// Client health on the Customer form: the latest score, red with its reasons while the client is at risk.
frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_read("Client Health")) return;
		frappe
			.xcall("agency_service.api.health.client_health", { customer: frm.doc.name }, "GET")
			.then((health) => {
				if (!health) return;
				const score = format_number(health.score, null, 0);
				frm.dashboard.add_indicator(
					__("Health {0}", [score]),
					health.indicator
				);
				if (health.at_risk) {
					frm.dashboard.set_headline_alert(
						`${__("At risk since {0}", [frappe.datetime.str_to_user(health.at_risk_since)])}: ${frappe.utils.escape_html(
							health.reasons || ""
						)}`,
						"red"
					);
				}
			});
	},
});
