// Contract versions (004 §5.2.3): a change of a signed contract is a new version with its own sign-off;
// the form shows what it changes against the signed version.
frappe.ui.form.on("Contract", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.docstatus === 1 && !frm.doc.superseded_by) {
			frm.add_custom_button(__("New Version"), () =>
				frappe
					.xcall("agency_service.api.contracts.new_contract_version", { contract: frm.doc.name })
					.then((name) => frappe.set_route("Form", "Contract", name))
			);
		}
		if (frm.doc.previous_version) {
			frm.add_custom_button(__("Changes to the Signed Version"), () =>
				frappe
					.xcall("agency_service.api.contracts.contract_version_diff", { contract: frm.doc.name })
					.then((diff) => show_contract_diff(diff))
			);
		}
	},
});

function show_contract_diff(diff) {
	const esc = frappe.utils.escape_html;
	const fields = diff.fields
		.map((f) => `<tr><td>${esc(f.label)}</td><td><del>${esc(f.old)}</del></td><td><ins>${esc(f.new)}</ins></td></tr>`)
		.join("");
	const terms = diff.terms
		.map((l) =>
			l.op === "+"
				? `<div style="background:var(--green-highlight-color)">+ ${esc(l.text)}</div>`
				: `<div style="background:var(--red-highlight-color)">− ${esc(l.text)}</div>`
		)
		.join("");
	frappe.msgprint({
		title: __("Changes against version {0} ({1})", [diff.previous_version, diff.previous]),
		message:
			(fields ? `<table class="table table-bordered">${fields}</table>` : "") +
			(terms || `<p>${__("The terms are unchanged.")}</p>`),
		wide: true,
	});
}
