"""Test users with fresh credentials, for browser and HTTP tests that run against a real bench.

Run from the bench directory, never over HTTP (nothing here is whitelisted):

	bench --site <site> execute wix_integration.tests.fixtures.ensure_test_users

bench prints the returned dict as JSON on the last line of its output. The values are secrets, so a
caller must parse them and never echo them.
"""

import frappe
from frappe import _
from frappe.utils.password import update_password

from wix_integration.constants import INTEGRATION_ROLE, MANAGER_ROLE

UI_MANAGER_USER = "wix-ui-manager@example.com"
UI_INTEGRATION_USER = "wix-ui-worker@example.com"
# Item Manager lets the browser test create the Item and Item Group it syncs.
UI_MANAGER_ROLES = (MANAGER_ROLE, "Item Manager")


def ensure_test_users() -> dict:
	"""Create or update the UI test's Wix Manager and integration user, and return fresh credentials.

	Each call sets a new random password on the manager and new API keys on the integration user, so
	credentials from an earlier run stop working. Raise frappe.ValidationError unless the site allows
	tests, so a production site never gets these users.
	"""
	if not frappe.conf.get("allow_tests"):
		frappe.throw(
			_(
				"Site {0} does not allow tests; run `bench --site {0} set-config allow_tests true` first."
			).format(frappe.local.site)
		)
	frappe.set_user("Administrator")
	password = frappe.generate_hash(length=24)
	_ensure_user(UI_MANAGER_USER, UI_MANAGER_ROLES)
	update_password(UI_MANAGER_USER, password, logout_all_sessions=True)

	integration = _ensure_user(UI_INTEGRATION_USER, (INTEGRATION_ROLE,))
	api_key = integration.api_key or frappe.generate_hash(length=15)
	api_secret = frappe.generate_hash(length=15)
	integration.api_key = api_key
	integration.api_secret = api_secret
	integration.save(ignore_permissions=True)
	frappe.db.commit()
	return {
		"site": frappe.local.site,
		"manager": {"usr": UI_MANAGER_USER, "pwd": password},
		"integration": {"user": UI_INTEGRATION_USER, "api_key": api_key, "api_secret": api_secret},
	}


def _ensure_user(email: str, roles: tuple[str, ...]):
	"""Return the enabled user `email` holding exactly `roles`, creating it when missing.

	Frappe derives the user type from the roles: a System User when one has desk access.
	"""
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
	else:
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"send_welcome_email": 0,
			}
		)
	user.enabled = 1
	user.set("roles", [{"role": role} for role in roles])
	user.flags.no_welcome_mail = True
	if user.is_new():
		user.insert(ignore_permissions=True)
	else:
		user.save(ignore_permissions=True)
	return frappe.get_doc("User", email)
