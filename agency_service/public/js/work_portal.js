// The client portal's work page (/work/<name>), through portal.js: written confirmations, change requests
// and the client's requirement list (with its reference files).
(function () {
	const API = "/api/method/agency_service.api.";
	const page = document.querySelector(".agency-work-order");
	if (!page) return;
	const name = page.dataset.name;
	const { onSubmit, post } = window.agency_portal;

	for (const [selector, method] of [
		[".agency-confirm", "work.confirm"],
		[".agency-change-request", "work.request_change"],
	]) {
		onSubmit(selector, async (form, data) => {
			data.set("name", name);
			await post(API + method, data, form);
			window.location.reload();
		});
	}

	onSubmit(".agency-requirements-form", async (form, data) => {
		const rows = [...form.querySelectorAll(".agency-requirement-row")]
			.map((row) => ({
				requirement: row.querySelector("[name=requirement]").value,
				priority: row.querySelector("[name=priority]").value,
			}))
			.filter((row) => row.requirement.trim());
		const body = new FormData();
		body.set("name", name);
		body.set("requirements", JSON.stringify(rows));
		for (const file of data.getAll("attachments")) if (file && file.name) body.append("attachments", file);
		await post(API + "briefs.submit_requirements", body, form);
		window.location.reload();
	});
})();
