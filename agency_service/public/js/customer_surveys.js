// Satisfaction surveys on ERPNext's Customer form: send a survey to one of the client's contacts.
frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_create("Survey Invitation")) {
			return;
		}
		frm.add_custom_button(
			__("Send Satisfaction Survey"),
			() => {
				const dialog = new frappe.ui.Dialog({
					title: __("Send Satisfaction Survey"),
					fields: [
						agency.queries.client_contact_field(() => frm.doc.name, __("Contact")),
						{
							fieldname: "survey_template",
							fieldtype: "Link",
							options: "Survey Template",
							label: __("Survey Template"),
							filters: { enabled: 1 },
						},
					],
					primary_action_label: __("Send"),
					primary_action(values) {
						frappe
							.call("agency_service.api.surveys.invite_contact", {
								customer: frm.doc.name,
								contact: values.contact,
								survey_template: values.survey_template,
							})
							.then(() => {
								dialog.hide();
								frappe.show_alert({ message: __("Survey sent"), indicator: "green" });
							});
					},
				});
				dialog.show();
			},
			__("Client Service")
		);
	},
});
