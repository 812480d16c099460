"""Wix webhook receiver. Wix posts a JWT and expects HTTP 200 within 1250 ms."""

import frappe

from wix_integration import webhooks


@frappe.whitelist(allow_guest=True, methods=["POST"])
def receive() -> dict:
	"""Verify, record and publish one Wix webhook; respond with HTTP 401 when its JWT is rejected."""
	return webhooks.receive(frappe.request.get_data(cache=True))
