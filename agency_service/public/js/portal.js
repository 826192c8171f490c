// What the client portal's pages share (/complaints, /work): plain forms posted to a portal API with the
// session's CSRF token; errors come back translated from the server and are shown next to the form.
window.agency_portal = (function () {
	function serverMessage(body) {
		try {
			const messages = JSON.parse(body._server_messages || "[]").map((m) => JSON.parse(m).message);
			if (messages.length) return messages.join(" ");
		} catch (e) {
			/* fall through */
		}
		return body.exception || __("Something went wrong. Please try again.");
	}

	async function post(url, data, form) {
		const error = form.querySelector(".agency-form-error");
		error.classList.add("d-none");
		const buttons = form.querySelectorAll("button");
		buttons.forEach((b) => (b.disabled = true));
		try {
			const response = await fetch(url, {
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

	/** Submit every form matching `selector` through `handler(form, data)`, the pressed button included. */
	function onSubmit(selector, handler) {
		document.querySelectorAll(selector).forEach((form) =>
			form.addEventListener("submit", (event) => {
				event.preventDefault();
				const data = new FormData(form);
				if (event.submitter && event.submitter.name) data.set(event.submitter.name, event.submitter.value);
				handler(form, data).catch(() => {});
			})
		);
	}

	return { serverMessage, post, onSubmit };
})();
