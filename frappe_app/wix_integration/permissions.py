"""Role checks for the whitelisted endpoints, applied as decorators."""

import functools
from collections.abc import Callable

import frappe
from frappe import _

from wix_integration.constants import ADMIN_ROLES, INTEGRATION_ROLE


def require_any_role(*roles: str) -> Callable:
	"""Raise frappe.PermissionError (HTTP 403) unless the session user has one of `roles`.

	Unlike frappe.only_for, this check also runs inside tests, so the tests can prove a 403.
	"""

	def decorator(function: Callable) -> Callable:
		@functools.wraps(function)
		def wrapper(*args, **kwargs):
			if set(roles).isdisjoint(frappe.get_roles()):
				frappe.throw(
					_("{0} requires the role {1}.").format(
						function.__name__, _(" or ").join(_(role) for role in roles)
					),
					frappe.PermissionError,
					title=_("Not Permitted"),
				)
			return function(*args, **kwargs)

		return wrapper

	return decorator


manager_only = require_any_role(*ADMIN_ROLES)


def integration_user_only(function: Callable) -> Callable:
	"""Allow only users who hold the Wix Integration User role themselves.

	Administrator implicitly has every role, so it is rejected by name: the worker endpoints return the
	decrypted Wix API key and are meant for the worker's API user alone.
	"""

	@functools.wraps(function)
	def wrapper(*args, **kwargs):
		user = frappe.session.user
		if user in ("Administrator", "Guest") or INTEGRATION_ROLE not in frappe.get_roles(user):
			frappe.throw(
				_("{0} is only for the worker's API user, who holds the role {1}.").format(
					function.__name__, _(INTEGRATION_ROLE)
				),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)
		return function(*args, **kwargs)

	return wrapper


def parse_argument(value, expected: type, name: str):
	"""Return `value`, parsing the JSON string that desk's frappe.call sends for objects and lists."""
	if isinstance(value, str):
		try:
			value = frappe.parse_json(value)
		except ValueError:
			value = None
	if not isinstance(value, expected):
		frappe.throw(
			_("Argument {0} must be a JSON {1}.").format(
				name, _("object") if expected is dict else _("list")
			),
			frappe.ValidationError,
		)
	return value
