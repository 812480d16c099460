"""Wix Integration Log: one row per event published to the worker, with the result it reported."""

from frappe.model.document import Document


class WixIntegrationLog(Document):
	pass
