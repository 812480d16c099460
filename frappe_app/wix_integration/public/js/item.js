// Item form: Wix sync status, a Trigger Sync button for Wix Managers, and toasts for this item's results.
const WIX_STATUS_COLORS = {
	Synced: "green",
	Pending: "orange",
	Failed: "red",
	"Deleted in Wix": "grey",
	Skipped: "grey",
};

frappe.ui.form.on("Item", {
	refresh(frm) {
		wix_integration_item.show_status(frm);
		if (!frm.is_new() && wix_integration_item.is_manager()) {
			frm.add_custom_button(__("Trigger Sync"), () => wix_integration_item.trigger_sync(frm), __("Wix"));
		}
		wix_integration_item.listen(frm);
	},
});

const wix_integration_item = {
	is_manager() {
		return frappe.user.has_role("Wix Manager") || frappe.user.has_role("System Manager");
	},

	show_status(frm) {
		const status = frm.doc.wix_sync_status;
		if (frm.is_new() || !status) return;
		const color = WIX_STATUS_COLORS[status] || "grey";
		let html = frappe.utils.escape_html(__("Wix: {0}", [__(status)]));
		if (frm.doc.wix_last_sync) {
			// comment_when returns trusted markup for a relative time.
			html += " · " + __("last sync {0}", [frappe.datetime.comment_when(frm.doc.wix_last_sync)]);
		}
		const headline = `<span class="indicator ${color}">${html}</span>`;
		frm.dashboard.set_headline_alert(headline);
		// Only managers can read Wix Item Mapping, where the product page URL is stored.
		if (!this.is_manager()) return;
		frappe.db
			.get_value("Wix Item Mapping", { item: frm.doc.name }, "product_page_url")
			.then(({ message }) => {
				const url = message && message.product_page_url;
				if (!url || !/^https:\/\//.test(url) || frm.doc.wix_sync_status !== status) return;
				frm.dashboard.set_headline_alert(
					`${headline}<a class="ml-3" href="${encodeURI(url)}" target="_blank" rel="noopener noreferrer">${__("Open in Wix")}</a>`
				);
			})
			.catch(() => {
				// A failed look-up leaves the status without the link.
			});
	},

	trigger_sync(frm) {
		frappe
			.call({
				method: "wix_integration.api.admin.trigger_sync",
				args: { item_code: frm.doc.name },
				freeze: true,
				freeze_message: __("Sending to Wix..."),
			})
			.then(({ message }) => {
				if (message.status === "Skipped") {
					frappe.show_alert({ message: __("Not synced: see the Wix Integration Log"), indicator: "orange" }, 7);
				} else if (message.status === "Queued") {
					frappe.show_alert(
						{
							message: __("Queued but not published yet; see the Wix Integration Log for the reason. It is retried every minute."),
							indicator: "orange",
						},
						7
					);
				} else {
					frappe.show_alert({ message: __("Sync requested"), indicator: "blue" }, 5);
				}
			});
	},

	listen(frm) {
		if (frm.__wix_listener) return;
		const shown_logs = new Set();
		frm.__wix_listener = (data) => {
			// Managers get every result in their user room too, so show only this item's, once per log row.
			if (!data || data.item_code !== frm.doc.name || shown_logs.has(data.log)) return;
			shown_logs.add(data.log);
			if (data.status === "Success") {
				frappe.show_alert({ message: __("Synced to Wix"), indicator: "green" }, 5);
			} else if (data.status === "Failed") {
				frappe.show_alert({ message: __("Wix sync failed: {0}", [frappe.utils.escape_html(data.message || "")]), indicator: "red" }, 10);
			}
			frm.reload_doc();
		};
		frappe.realtime.on("wix_sync_result", frm.__wix_listener);
		$(document).one("page-change", () => {
			frappe.realtime.off("wix_sync_result", frm.__wix_listener);
			frm.__wix_listener = null;
		});
	},
};
