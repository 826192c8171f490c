// The client portal's complaint pages (/complaints, /complaints/<name>): plain forms posted to the
// portal API; errors come back translated from the server and are shown next to the form.
(function () {
	const API = "/api/method/agency_service.api.complaints.";

	function serverMessage(body) {
		try {
			const messages = JSON.parse(body._server_messages || "[]").map((m) => JSON.parse(m).message);
			if (messages.length) return messages.join(" ");
		} catch (e) {
			/* fall through */
		}
		return body.exception || __("Something went wrong. Please try again.");
	}

	async function post(method, data, form) {
		const error = form.querySelector(".agency-form-error");
		error.classList.add("d-none");
		const buttons = form.querySelectorAll("button");
		buttons.forEach((b) => (b.disabled = true));
		try {
			const response = await fetch(API + method, {
				method: "POST",
				headers: { "X-Frappe-CSRF-Token": frappe.csrf_token, Accept: "application/json" },
				body: data,
			});
			const body = await response.json().catch(() => ({}));
			if (!response.ok) throw new Error(serverMessage(body));
			return body.message;
		} catch (e) {
			error.textContent = e.message;
			error.classList.remove("d-none");
			throw e;
		} finally {
			buttons.forEach((b) => (b.disabled = false));
		}
	}

	function onSubmit(selector, handler) {
		const form = document.querySelector(selector);
		if (!form) return;
		form.addEventListener("submit", (event) => {
			event.preventDefault();
			const data = new FormData(form);
			if (event.submitter && event.submitter.name) data.set(event.submitter.name, event.submitter.value);
			handler(form, data).catch(() => {});
		});
	}

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
