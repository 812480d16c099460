app_name = "wix_integration"
app_title = "Wix Integration"
app_publisher = "wix_integration contributors"
app_description = "Sync ERPNext Items to Wix Stores through RabbitMQ"
app_email = "wix-integration@example.com"
app_license = "MIT"
required_apps = ["frappe", "erpnext"]

after_install = "wix_integration.install.after_install"
after_migrate = "wix_integration.install.after_migrate"
before_uninstall = "wix_integration.install.before_uninstall"
# Runs after ERPNext's setup wizard stages, which create the selling price list, to fill in Wix Settings'
# empty Price List.
setup_wizard_complete = "wix_integration.install.after_setup_wizard"

doctype_js = {"Item": "public/js/item.js"}

doc_events = {
	"Item": {
		"after_insert": "wix_integration.item_events.on_item_insert",
		"on_update": "wix_integration.item_events.on_item_update",
		"on_trash": "wix_integration.item_events.on_item_trash",
		"after_rename": "wix_integration.item_events.on_item_rename",
	},
	"Item Price": {
		"after_insert": "wix_integration.item_events.on_item_price_change",
		"on_update": "wix_integration.item_events.on_item_price_change",
		"after_delete": "wix_integration.item_events.on_item_price_change",
	},
}

scheduler_events = {
	"cron": {
		"* * * * *": ["wix_integration.tasks.republish_outbox"],
	},
	"daily": ["wix_integration.tasks.purge_old_logs"],
}

# frappe.clear_cache() (bench clear-cache, migrate, every rename) deletes the site's other Redis keys. The
# noted publishes must survive it, or the scheduler publishes those rows a second time.
persistent_cache_keys = ["wix_integration:published"]

# Log rows and mappings keep naming a deleted Item, so they must not block its deletion.
ignore_links_on_delete = ["Wix Integration Log", "Wix Item Mapping"]

# Custom fields are created by after_install/after_migrate, not exported as fixtures, so that
# before_uninstall can remove exactly what the app added.
