"""Wix webhook receiver. Wix posts a JWT and expects HTTP 200 within 1250 ms."""

import frappe

from wix_integration import webhooks


@frappe.whitelist(allow_guest=True, methods=["POST"])
def receive() -> dict:
	"""Verify, record and publish one Wix webhook; respond with HTTP 401 when its JWT is rejected."""
	# NOTE: Frappe parses an application/json body before this runs, so a JWT posted with that
	# content type fails inside Frappe with HTTP 500. Wix is expected to post text/plain, which has
	# not been checked against a live Wix delivery.
	return webhooks.receive(frappe.request.get_data(cache=True))
