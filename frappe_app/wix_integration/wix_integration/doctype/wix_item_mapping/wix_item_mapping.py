"""Wix Item Mapping: the Wix product an ERPNext Item is synced to."""

import frappe
from frappe import _
from frappe.model.document import Document

from wix_integration.constants import MAPPING_DOCTYPE


class WixItemMapping(Document):
	def validate(self):
		# Empty strings would collide on the unique index, NULLs do not.
		for field in ("wix_product_id", "wix_variant_id", "wix_revision", "content_hash"):
			self.set(field, (self.get(field) or "").strip() or None)
		if self.wix_product_id:
			other = frappe.db.get_value(
				MAPPING_DOCTYPE, {"wix_product_id": self.wix_product_id, "name": ["!=", self.name]}, "item"
			)
			if other:
				frappe.throw(
					_("Wix product {0} is already mapped to Item {1}; clear it there first.").format(
						self.wix_product_id, other
					),
					frappe.UniqueValidationError,
				)
		if self.content_hash and (
			len(self.content_hash) != 64 or not all(c in "0123456789abcdef" for c in self.content_hash)
		):
			frappe.throw(_("Content Hash {0} is not a SHA-256 hex digest.").format(self.content_hash))
