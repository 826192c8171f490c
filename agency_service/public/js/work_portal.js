// The client portal's work page (/work/<name>): written confirmations and change requests, through portal.js.
(function () {
	const API = "/api/method/agency_service.api.work.";
	const page = document.querySelector(".agency-work-order");
	if (!page) return;
	const name = page.dataset.name;
	const { onSubmit, post } = window.agency_portal;

	for (const [selector, method] of [
		[".agency-confirm", "confirm"],
		[".agency-change-request", "request_change"],
	]) {
		onSubmit(selector, async (form, data) => {
			data.set("name", name);
			await post(API + method, data, form);
			window.location.reload();
		});
	}
})();
