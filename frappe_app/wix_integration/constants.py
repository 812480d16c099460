"""Names shared by the app's modules: DocTypes, roles, statuses and custom fields.

This module does not import frappe, so the pure modules and the pytest suite can use it.
"""

APP_NAME = "wix_integration"
MODULE = "Wix Integration"

SETTINGS_DOCTYPE = "Wix Settings"
LOG_DOCTYPE = "Wix Integration Log"
MAPPING_DOCTYPE = "Wix Item Mapping"

MANAGER_ROLE = "Wix Manager"
INTEGRATION_ROLE = "Wix Integration User"
ADMIN_ROLES = (MANAGER_ROLE, "System Manager")

SCHEMA_VERSION = 1

# Wix Integration Log.status
QUEUED = "Queued"
PUBLISHED = "Published"
PROCESSING = "Processing"
SUCCESS = "Success"
FAILED = "Failed"
SKIPPED = "Skipped"
SUPERSEDED = "Superseded"
PENDING_STATUSES = (QUEUED, PUBLISHED, PROCESSING)
FINAL_STATUSES = (SUCCESS, FAILED, SKIPPED, SUPERSEDED)

# Wix Item Mapping.sync_status
MAPPING_PENDING = "Pending"
MAPPING_SYNCED = "Synced"
MAPPING_FAILED = "Failed"
MAPPING_DELETED_IN_WIX = "Deleted in Wix"
MAPPING_SKIPPED = "Skipped"

TRIGGERS = ("auto", "manual", "bulk", "retry", "webhook")

# Wix Integration Log.event_type, the contract's message types
ITEM_UPSERT = "item.upsert"
ITEM_DELETE = "item.delete"
SETTINGS_CHANGED = "settings.changed"
WIX_WEBHOOK = "wix.webhook"
ITEM_EVENT_TYPES = (ITEM_UPSERT, ITEM_DELETE)

# Custom fields this app adds to ERPNext DocTypes, by DocType.
ITEM_SYNC_ENABLED_FIELD = "wix_sync_enabled"
ITEM_CUSTOM_FIELDS = (
	"wix_tab",
	ITEM_SYNC_ENABLED_FIELD,
	"wix_sync_status",
	"wix_last_sync",
	"wix_column_break",
	"wix_product_id",
	"wix_sync_error",
)
SALES_ORDER_CUSTOM_FIELDS = ("wix_order_id", "wix_order_status")

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
DEFAULT_WIX_BASE_URL = "https://www.wixapis.com"

# Wix webhook event types that mean "this product no longer exists in Wix".
PRODUCT_DELETED_EVENT_TYPES = (
	"wix.stores.catalog.v3.product_deleted",
	"com.wix.ecommerce.catalog.api.v1.ProductDeleted",
)

REALTIME_SYNC_RESULT = "wix_sync_result"
REALTIME_BULK_PROGRESS = "wix_bulk_progress"
REALTIME_HEALTH_CHANGED = "wix_health_changed"
