// Copyright (c) 2026, agency_service developers
// For license information, please see license.txt

frappe.ui.form.on("Client Complaint", {
	refresh(frm) {
		if (frm.is_new()) return;
		const call = (method, args) => frm.call(method, args || {}).then(() => frm.reload_doc());
		const act = (label, method) => frm.add_custom_button(label, () => call(method));
		const ask = (label, method, fields, group) =>
			frm.add_custom_button(
				label,
				() => frappe.prompt(fields, (values) => call(method, values), label),
				group
			);
		const note = (label, reqd) => ({ fieldname: "note", fieldtype: "Small Text", label, reqd: reqd ? 1 : 0 });
		const status = frm.doc.status;
		const channels = ["Phone", "Email", "Portal", "Visit", "WeChat", "Other"];

		if (status === "Registered") {
			ask(__("Record First Response"), "acknowledge", [
				{ fieldname: "channel", fieldtype: "Select", label: __("First Response Channel"), options: channels, reqd: 1 },
				{ fieldname: "responded_at", fieldtype: "Datetime", label: __("Responded At"), default: frappe.datetime.now_datetime() },
				note(__("First Response Note")),
			]);
		}
		if (status === "Acknowledged") {
			ask(__("Start Investigation"), "start_investigation", [
				{
					fieldname: "investigator",
					fieldtype: "Link",
					options: "User",
					label: __("Investigator"),
					description: __("Leave empty to keep the person already assigned."),
					get_query: () => ({ filters: { user_type: "System User", enabled: 1 } }),
				},
			]);
		}
		if (["Acknowledged", "Investigating", "Client Agreed", "Executing"].includes(status)) {
			ask(__("Wait on Client"), "wait_on_client", [note(__("What the Agency Waits For"), true)]);
		}
		if (status === "Waiting on Client") act(__("Resume"), "resume");
		if (status === "Investigating") {
			ask(__("Propose Solution"), "propose_solution", [
				{ fieldname: "solution", fieldtype: "Text Editor", label: __("Proposed Solution"), reqd: 1 },
				{ fieldname: "compensation_amount", fieldtype: "Currency", label: __("Compensation Amount") },
			]);
		}
		if (status === "Solution Proposed") {
			ask(__("Record Client Decision"), "record_client_decision", [
				{ fieldname: "decision", fieldtype: "Select", label: __("Client Decision"), options: ["Accepted", "Rejected"], reqd: 1 },
				note(__("Client Decision Note")),
			]);
		}
		if (status === "Client Agreed") ask(__("Start Execution"), "start_execution", [note(__("Note"))]);
		if (status === "Executing") {
			ask(__("Mark Resolved"), "mark_resolved", [
				{ fieldname: "resolution_summary", fieldtype: "Small Text", label: __("Resolution Summary"), reqd: 1 },
			]);
		}
		if (status === "Resolved") {
			frm.add_custom_button(__("Record Follow-up Call"), () =>
				frappe.prompt(
					[
						{ fieldname: "satisfied", fieldtype: "Select", label: __("Client Satisfied"), options: ["Yes", "No"], reqd: 1 },
						{ fieldname: "rating", fieldtype: "Rating", label: __("Client Rating") },
						note(__("Follow-up Note")),
					],
					// the API takes stars (1–5); the Rating control gives a 0–1 fraction
					(v) => call("record_follow_up", { ...v, rating: Math.round((v.rating || 0) * 5) }),
					__("Record Follow-up Call")
				)
			);
		}
		if (["Resolved", "Closed"].includes(status)) {
			ask(__("Reopen"), "reopen", [{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 }]);
		}
		if (status === "Closed" && !frm.doc.knowledge_case) {
			ask(__("Write Knowledge Case"), "create_case", [
				{ fieldname: "summary", fieldtype: "Text Editor", label: __("Case Summary"), reqd: 1 },
				{ fieldname: "lesson", fieldtype: "Text Editor", label: __("Lesson Learned"), reqd: 1 },
				{ fieldname: "prevention", fieldtype: "Text Editor", label: __("Prevention Measures"), reqd: 1 },
			]);
		}
		frm.set_intro(deadline_intro(frm), frm.doc.response_breached || frm.doc.resolution_breached ? "red" : "blue");
	},
});

function deadline_intro(frm) {
	const d = frm.doc;
	const parts = [];
	if (!d.first_responded_on && d.response_by)
		parts.push(__("First response due {0}", [frappe.datetime.str_to_user(d.response_by)]));
	if (!["Resolved", "Closed"].includes(d.status) && d.sla_resolution_by)
		parts.push(__("Resolution due {0}", [frappe.datetime.str_to_user(d.sla_resolution_by)]));
	if (["Waiting on Client", "Solution Proposed"].includes(d.status))
		parts.push(__("Deadlines are paused while waiting on the client."));
	if (d.response_breached) parts.push(__("First response deadline missed."));
	if (d.resolution_breached) parts.push(__("Resolution deadline missed."));
	return parts.join(" · ");
}
