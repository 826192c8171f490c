// The client portal's complaint pages (/complaints, /complaints/<name>), through portal.js.
(function () {
	const API = "/api/method/agency_service.api.complaints.";

	const { onSubmit } = window.agency_portal;
	const post = (method, data, form) => window.agency_portal.post(API + method, data, form);

	const page = document.querySelector(".agency-complaint");
	const name = page && page.dataset.name;

	onSubmit("#new-complaint", async (form, data) => {
		const created = await post("file_complaint", data, form);
		window.location.href = "/complaints/" + encodeURIComponent(created);
	});
	onSubmit(".agency-message", async (form, data) => {
		data.set("name", name);
		await post("add_message", data, form);
		window.location.reload();
	});
	onSubmit(".agency-decision", async (form, data) => {
		data.set("name", name);
		await post("decide", data, form);
		window.location.reload();
	});
	onSubmit(".agency-rating", async (form, data) => {
		data.set("name", name);
		await post("rate", data, form);
		window.location.reload();
	});
})();
