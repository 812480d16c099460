"""Wix Settings' Price List: install on a site without the price list, filling it in, and Item events
while it is empty."""

import json
from contextlib import contextmanager
from unittest.mock import patch

import frappe

from wix_integration import install
from wix_integration.constants import SETTINGS_DOCTYPE
from wix_integration.tests import helpers
from wix_integration.tests.base import WixTestCase
from wix_integration.tests.helpers import add_item_price, log_rows, make_item


@contextmanager
def no_price_lists():
	"""Make every Price List read as missing, as on an ERPNext site whose setup wizard has not run.

	Both Frappe's Link check and frappe.db.exists look a Price List up through frappe.db.get_value.
	"""
	get_value = frappe.db.get_value

	def without_price_lists(doctype, *args, **kwargs):
		return None if doctype == "Price List" else get_value(doctype, *args, **kwargs)

	with patch.object(frappe.db, "get_value", without_price_lists):
		yield


def stored_price_list() -> str | None:
	return frappe.db.get_single_value(SETTINGS_DOCTYPE, "price_list")


class TestInstallPriceList(WixTestCase):
	def test_install_saves_new_settings_without_a_price_list(self):
		self.assertFalse(
			frappe.get_meta(SETTINGS_DOCTYPE).get_field("price_list").default,
			"Wix Settings' price_list still has a default on this site; run bench migrate",
		)
		try:
			with no_price_lists():
				# What frappe.installer.init_singles does for a single without stored values. With the
				# old default this raised "Could not find Price List: Standard Selling".
				doc = frappe.new_doc(SETTINGS_DOCTYPE)
				doc.flags.ignore_mandatory = True
				doc.flags.ignore_validate = True
				doc.save()
				install.fill_price_list()
				self.assertIsNone(install.default_price_list())
				self.assertFalse(stored_price_list())
		finally:
			# The save replaced every stored value in this transaction, so roll back. The next setUp sets them again.
			frappe.db.rollback()
			frappe.clear_document_cache(SETTINGS_DOCTYPE, SETTINGS_DOCTYPE)

	def test_install_fills_an_empty_price_list(self):
		frappe.db.set_single_value(SETTINGS_DOCTYPE, "price_list", None)
		install.after_install()
		self.assertEqual(
			stored_price_list(), frappe.db.get_single_value("Selling Settings", "selling_price_list")
		)
		self.assertTrue(stored_price_list())

	def test_install_keeps_a_chosen_price_list(self):
		chosen = (
			frappe.db.get_value("Price List", {"name": ["!=", install.default_price_list()]}) or "Missing"
		)
		frappe.db.set_single_value(SETTINGS_DOCTYPE, "price_list", chosen)
		install.fill_price_list()
		self.assertEqual(stored_price_list(), chosen)

	def test_setup_wizard_fills_an_empty_price_list(self):
		self.assertIn("wix_integration.install.after_setup_wizard", frappe.get_hooks("setup_wizard_complete"))
		frappe.db.set_single_value(SETTINGS_DOCTYPE, "price_list", None)
		install.after_setup_wizard({})
		self.assertEqual(stored_price_list(), install.default_price_list())
		self.assertTrue(stored_price_list())


class TestEmptyPriceList(WixTestCase):
	def setUp(self):
		super().setUp()
		helpers.configure_settings(price_list=None)

	def test_item_falls_back_to_standard_rate(self):
		item = make_item(standard_rate=7)
		[row] = log_rows(item.name)
		price = json.loads(row.payload)["item"]["price"]
		self.assertEqual(
			(price["source"], price["amount"], price["price_list"]), ("standard_rate", "7", None)
		)
		self.assertIn("Wix Settings has no Price List", row.message)
		self.assertIn("Set Price List in Wix Settings", row.message)

	def test_item_without_any_price_still_saves(self):
		item = make_item()
		[row] = log_rows(item.name)
		self.assertEqual(row.status, "Queued")
		self.assertIsNone(json.loads(row.payload)["item"]["price"])
		self.assertIn("Set Price List in Wix Settings, or the Item's Standard Selling Rate", row.message)

	def test_item_price_change_records_nothing(self):
		item = make_item()
		add_item_price(item.name, "Standard Selling", 9)
		self.assertEqual(len(log_rows(item.name)), 1)
