// The sign-off panel on every signable form (one with a signoff_status field): who signed, who is
// awaited, and the Sign / Reject / Sign on behalf buttons. Server side: agency_service/signoff/ and agency_service/api/signoff.py.
const API = "agency_service.api.signoff";

$(document).on("form-refresh", (event, frm) => {
	if (!frm || frm.is_new() || !frm.meta.fields.some((df) => df.fieldname === "signoff_status")) {
		return;
	}
	frappe
		.call(`${API}.get_signoff_state`, { doctype: frm.doctype, name: frm.docname })
		.then((r) => r.message && render_signoff(frm, r.message));
});

function render_signoff(frm, state) {
	const name_of = (user) => (state.names && state.names[user]) || frappe.user.full_name(user);
	const rows = (state.signatures || [])
		.map(
			(s) => `<tr>
				<td>${frappe.utils.escape_html(String(s.cycle))}</td>
				<td>${s.step_no} · ${frappe.utils.escape_html(__(s.step_name))}</td>
				<td>${frappe.utils.escape_html(name_of(s.signer))}${
					s.on_behalf_of
						? " " +
						  __("on behalf of {0}", [
								frappe.utils.escape_html(name_of(s.on_behalf_of)),
						  ])
						: ""
				}</td>
				<td>${__(s.decision)}</td>
				<td>${frappe.datetime.str_to_user(s.signed_at)}</td>
				<td>${frappe.utils.escape_html(s.comment || "")}</td>
			</tr>`
		)
		.join("");
	const waiting = state.pending_with.length
		? `<p>${__("Waiting for")}: ${state.pending_with
				.map((user) => frappe.utils.escape_html(name_of(user)))
				.join(", ")}
			(${__("step")} ${state.request.current_step_no} · ${frappe.utils.escape_html(
				__(state.request.current_step_name)
		  )})</p>`
		: "";
	const reason =
		state.status === "Rejected" && state.request && state.request.rejection_reason
			? `<p class="text-danger">${__("Rejected")}: ${frappe.utils.escape_html(
					state.request.rejection_reason
			  )}</p>`
			: state.status === "Cancelled" && state.request && state.request.cancellation_reason
			? `<p class="text-muted">${__("Sign-off Cancelled")}: ${frappe.utils.escape_html(
					state.request.cancellation_reason
			  )}</p>`
			: "";
	const table = rows
		? `<table class="table table-bordered table-sm">
			<thead><tr><th>${__("Round")}</th><th>${__("Step")}</th><th>${__("Signed By")}</th>
			<th>${__("Decision")}</th><th>${__("Signed At")}</th><th>${__("Comment")}</th></tr></thead>
			<tbody>${rows}</tbody></table>`
		: "";
	frm.dashboard.add_section(`<div class="signoff-panel">${reason}${waiting}${table}</div>`, __("Sign-off"));
	frm.dashboard.show();

	if (state.status === "Pending") {
		frm.disable_form();
		frm.set_intro(__("This document is waiting for sign-off and cannot be edited."), "orange");
	}
	if (state.can_sign) {
		frm.add_custom_button(__("Sign"), () => sign_dialog(frm, state, "Approved"), __("Sign-off"));
		frm.add_custom_button(__("Reject"), () => sign_dialog(frm, state, "Rejected"), __("Sign-off"));
	}
	(state.can_sign_on_behalf_of || []).forEach((user) => {
		frm.add_custom_button(
			__("Sign on behalf of {0}", [frappe.utils.escape_html(name_of(user))]),
			() => sign_dialog(frm, state, "Approved", user),
			__("Sign-off")
		);
	});
	if (state.can_manage) {
		frm.add_custom_button(__("Cancel Sign-off"), () => cancel_dialog(frm), __("Sign-off"));
		frm.add_custom_button(__("Change Approver"), () => reassign_dialog(frm, state), __("Sign-off"));
	}
}

function cancel_dialog(frm) {
	frappe.prompt(
		[{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 }],
		(values) =>
			frappe
				.call({
					method: `${API}.cancel_signoff`,
					args: { doctype: frm.doctype, name: frm.docname, reason: values.reason },
					freeze: true,
				})
				.then(() => frm.reload_doc()),
		__("Cancel Sign-off"),
		__("Cancel Sign-off")
	);
}

function reassign_dialog(frm, state) {
	frappe.prompt(
		[
			{
				fieldname: "line",
				fieldtype: "Select",
				label: __("Approver"),
				reqd: 1,
				options: state.lines.map((line) => ({ value: line.key, label: line.label })),
			},
			{
				fieldname: "user",
				fieldtype: "Link",
				options: "User",
				label: __("New Approver"),
				reqd: 1,
				get_query: () => ({ filters: { user_type: "System User", enabled: 1 } }),
			},
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
		],
		(values) =>
			frappe
				.call({
					method: `${API}.reassign_signoff_line`,
					args: { doctype: frm.doctype, name: frm.docname, ...values },
					freeze: true,
				})
				.then(() => frm.reload_doc()),
		__("Change Approver"),
		__("Change Approver")
	);
}

function sign_dialog(frm, state, decision, on_behalf_of) {
	const fields = decision === "Approved" ? [...state.step_fields] : [];
	fields.push({
		fieldname: "comment",
		fieldtype: "Small Text",
		label: decision === "Rejected" ? __("Reason") : __("Comment"),
		reqd: decision === "Rejected" ? 1 : 0,
	});
	const dialog = new frappe.ui.Dialog({
		title: decision === "Rejected" ? __("Reject") : __("Sign"),
		fields,
		primary_action_label: decision === "Rejected" ? __("Reject") : __("Sign"),
		primary_action(values) {
			const step_values = {};
			state.step_fields.forEach((df) => (step_values[df.fieldname] = values[df.fieldname]));
			frappe
				.call({
					method: `${API}.sign_document`,
					args: {
						doctype: frm.doctype,
						name: frm.docname,
						decision,
						comment: values.comment,
						on_behalf_of,
						values: decision === "Approved" ? step_values : {},
					},
					freeze: true,
				})
				.then(() => {
					dialog.hide();
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}
