// Wix Integration Log form: Retry for a Failed or Queued row.
frappe.ui.form.on("Wix Integration Log", {
	refresh(frm) {
		if (["Failed", "Queued"].includes(frm.doc.status) && !frm.doc.retried_as) {
			frm.add_custom_button(__("Retry"), () =>
				frappe
					.call({ method: "wix_integration.api.admin.retry", args: { log_names: [frm.doc.name] } })
					.then(({ message }) => {
						if (message.skipped.length) frappe.msgprint(frappe.utils.escape_html(message.skipped[0].reason));
						else frappe.show_alert({ message: __("Retried"), indicator: "green" }, 5);
						frm.reload_doc();
					})
			);
		}
	},
});
