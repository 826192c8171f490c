// The client portal's work page (/work/<name>): the client's requirement list, posted through portal.js.
(function () {
	const API = "/api/method/agency_service.api.briefs.submit_requirements";
	const page = document.querySelector(".agency-work-order");
	if (!page) return;
	const name = page.dataset.name;
	const { onSubmit, post } = window.agency_portal;

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
		await post(API, body, form);
		window.location.reload();
	});
})();
