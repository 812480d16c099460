"""Build the worker-config document that get_config returns to the worker."""

from wix_integration import contract
from wix_integration.constants import DEFAULT_WIX_BASE_URL, SCHEMA_VERSION
from wix_integration.settings import api_key, get_settings

SYNC_FIELDS = ("name", "description", "price", "images", "brand", "weight", "barcode")


def worker_config() -> dict:
	"""Return the worker configuration with the decrypted API key, validated against the contract."""
	settings = get_settings()
	config = {
		"schema_version": SCHEMA_VERSION,
		"enabled": bool(settings.enabled),
		"test_mode": bool(settings.test_mode),
		"site_id": settings.site_id or None,
		"api_key": api_key(),
		"account_id": settings.account_id or None,
		"wix_base_url": settings.wix_base_url or DEFAULT_WIX_BASE_URL,
		"catalog_version": settings.catalog_version or None,
		"sync_fields": {field: bool(settings.get(f"sync_{field}")) for field in SYNC_FIELDS},
		"on_disable": settings.on_disable or "hide",
		"on_delete": settings.on_delete or "delete",
		"retry_attempts": int(settings.retry_attempts if settings.retry_attempts is not None else 3),
		"request_timeout_ms": int(settings.request_timeout_seconds or 30) * 1000,
		"rate_limit_per_minute": int(settings.rate_limit_per_minute or 200),
		"weight_unit": settings.weight_unit or "KG",
		"log_level": settings.log_level or "info",
	}
	return contract.validate("worker-config", config)
