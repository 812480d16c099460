// Wix Settings form: Trigger Sync and Test Connection, and a link to the Wix Integration page.
frappe.ui.form.on("Wix Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Open Wix Integration page"), () => frappe.set_route("wix-integration"));
		frm.add_custom_button(__("Test Connection"), () => wix_settings.test_connection(frm));
	},

	trigger_sync(frm) {
		if (!frm.doc.manual_item_code) {
			frappe.msgprint(__("Choose an Item under Manual Sync first."));
			return;
		}
		if (frm.is_dirty()) {
			frappe.msgprint(__("Save Wix Settings first."));
			return;
		}
		frappe
			.call({
				method: "wix_integration.api.admin.trigger_sync",
				args: { item_code: frm.doc.manual_item_code },
				freeze: true,
			})
			.then(({ message }) => {
				frappe.show_alert(
					{
						message: __("Item {0}: {1} (log {2})", [
							frappe.utils.escape_html(frm.doc.manual_item_code),
							__(message.status),
							message.log,
						]),
						indicator: message.status === "Published" ? "green" : "orange",
					},
					7
				);
			});
	},

	test_connection(frm) {
		wix_settings.test_connection(frm);
	},
});

const wix_settings = {
	test_connection(frm) {
		frappe
			.call({
				method: "wix_integration.api.admin.test_connection",
				freeze: true,
				freeze_message: __("Asking the worker to test the Wix connection..."),
			})
			.then(({ message }) => {
				const rows = message.checks
					.map(
						(check) =>
							`<tr><td>${check.ok ? "✅" : "❌"}</td><td>${frappe.utils.escape_html(check.name)}</td>` +
							`<td>${frappe.utils.escape_html(check.message)}</td></tr>`
					)
					.join("");
				frappe.msgprint({
					title: message.ok ? __("Wix connection works") : __("Wix connection failed"),
					indicator: message.ok ? "green" : "red",
					message: `<table class="table table-bordered">${rows}</table>`,
				});
				if (message.catalog_version) frm.reload_doc();
			});
	},
};
