// Staff enter a phone or face-to-face answer: picking the survey loads its questions.
frappe.ui.form.on("Survey Response", {
	survey_template(frm) {
		if (!frm.doc.survey_template || !frm.is_new()) {
			return;
		}
		frappe
			.call("agency_service.api.surveys.template_questions", {
				survey_template: frm.doc.survey_template,
			})
			.then((r) => {
				frm.clear_table("answers");
				(r.message || []).forEach((question) => frm.add_child("answers", question));
				frm.refresh_field("answers");
			});
	},
	refresh(frm) {
		if (frm.doc.needs_follow_up) {
			frm.dashboard.add_comment(__("Low satisfaction: the account manager follows up."), "red", true);
		}
	},
});
