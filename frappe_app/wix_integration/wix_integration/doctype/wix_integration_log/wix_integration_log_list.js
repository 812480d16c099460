// Wix Integration Log list: status colours and Retry for one or many Failed rows.
const WIX_LOG_STATUS_COLORS = {
	Queued: "orange",
	Published: "blue",
	Processing: "blue",
	Success: "green",
	Failed: "red",
	Skipped: "grey",
	Superseded: "grey",
};

function wix_retry_logs(names, after) {
	frappe
		.call({ method: "wix_integration.api.admin.retry", args: { log_names: names }, freeze: true })
		.then(({ message }) => {
			const skipped = message.skipped
				.map((row) => `${frappe.utils.escape_html(row.log)}: ${frappe.utils.escape_html(row.reason)}`)
				.join("<br>");
			frappe.msgprint({
				title: __("Retry"),
				indicator: message.retried ? "green" : "orange",
				message: __("{0} retried.", [message.retried]) + (skipped ? `<br><br>${__("Skipped:")}<br>${skipped}` : ""),
			});
			after && after();
		});
}

frappe.listview_settings["Wix Integration Log"] = {
	add_fields: ["status", "item", "event_type", "retried_as"],
	get_indicator(doc) {
		return [__(doc.status), WIX_LOG_STATUS_COLORS[doc.status] || "grey", `status,=,${doc.status}`];
	},
	button: {
		show(doc) {
			return (doc.status === "Failed" || doc.status === "Queued") && !doc.retried_as;
		},
		get_label() {
			return __("Retry");
		},
		get_description(doc) {
			return __("Retry {0}", [doc.name]);
		},
		action(doc) {
			wix_retry_logs([doc.name], () => cur_list.refresh());
		},
	},
	onload(listview) {
		listview.page.add_actions_menu_item(__("Retry"), () => {
			const names = listview.get_checked_items(true);
			if (!names.length) {
				frappe.msgprint(__("Select the rows to retry."));
				return;
			}
			wix_retry_logs(names, () => listview.refresh());
		});
	},
};
