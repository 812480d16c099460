// Desk Page /app/wix-integration: loads the Vite-built bundle and mounts the Vue app into the page.
// frappe.require evaluates the script as a global <script>, so the bundle is an IIFE that defines
// window.WixIntegrationDesk.
const WIX_DESK_UI_ASSETS = [
	"/assets/wix_integration/desk-ui/wix-integration-desk.css",
	"/assets/wix_integration/desk-ui/wix-integration-desk.js",
];

frappe.pages["wix-integration"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Wix Integration"),
		single_column: true,
	});
	page.add_inner_button(__("Wix Settings"), () => frappe.set_route("Form", "Wix Settings"));
	page.add_inner_button(__("Integration Log"), () => frappe.set_route("List", "Wix Integration Log"));

	const root = document.createElement("div");
	root.id = "wix-integration-root";
	root.textContent = __("Loading…");
	page.main.get(0).appendChild(root);

	const tab =
		(frappe.route_options && frappe.route_options.tab) ||
		new URLSearchParams(window.location.search).get("tab");
	frappe.route_options = null;

	frappe.require(WIX_DESK_UI_ASSETS).then(() => {
		if (!window.WixIntegrationDesk) {
			root.textContent = __(
				"The Wix Integration page assets are missing. Run `bench build --app wix_integration` and reload."
			);
			return;
		}
		root.textContent = "";
		wrapper.wix_integration_page = window.WixIntegrationDesk.mount(root, {
			initialTab: tab === "configuration" ? "configuration" : "health",
		});
	});
};
