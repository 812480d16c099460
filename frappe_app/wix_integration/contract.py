"""Load the message contract in contract/ and validate messages against it.

This module does not import frappe, so the publisher and the pytest suite share it.
"""

import json
import zlib
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

# NOTE: the contract lives at the repository root, beside frappe_app/, so the app must run from a
# checkout (as `bench get-app` installs it), not from a wheel.
CONTRACT_DIR = Path(__file__).resolve().parent.parent.parent / "contract"
SCHEMA_DIR = CONTRACT_DIR / "schemas"
URN_PREFIX = "urn:wix-integration:"


class ContractError(ValueError):
	"""A message does not match its schema; `errors` lists each violation as `path: message`."""

	def __init__(self, schema_name: str, errors: list[str]):
		self.schema_name = schema_name
		self.errors = errors
		super().__init__(f"{schema_name} message is invalid: " + "; ".join(errors))


@cache
def _registry() -> Registry:
	resources = []
	for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
		schema = json.loads(path.read_text(encoding="utf-8"))
		resources.append((schema["$id"], Resource.from_contents(schema)))
	return Registry().with_resources(resources)


@cache
def validator(schema_name: str) -> Draft202012Validator:
	"""Return the validator for a schema file name without its suffix, e.g. `item-upsert`.

	The schema's `$ref`s are inlined once, because resolving them through the registry on every
	message took about half of each validation (0.42 ms of an item.upsert, measured on the 2-core
	development machine). A recursive `$ref` stays a reference and still resolves through the registry.
	"""
	uri = URN_PREFIX + schema_name
	schema = _inline_refs(_registry().contents(uri), uri, ())
	return Draft202012Validator(schema, registry=_registry())


def _inline_refs(node, base_uri: str, resolving: tuple):
	"""Return `node` with each `$ref` replaced by a copy of its target; `resolving` guards recursion."""
	if isinstance(node, list):
		return [_inline_refs(child, base_uri, resolving) for child in node]
	if not isinstance(node, dict):
		return node
	ref = node.get("$ref")
	if isinstance(ref, str):
		target_uri, target = _resolve_ref(ref, base_uri)
		if (target_uri, ref) in resolving:
			return node
		inlined = _inline_refs(target, target_uri, (*resolving, (target_uri, ref)))
		siblings = {
			key: _inline_refs(value, base_uri, resolving) for key, value in node.items() if key != "$ref"
		}
		# In draft 2020-12 the keywords beside a $ref apply too, so keep them next to the target.
		return {**siblings, "allOf": [inlined]} if siblings else inlined
	return {
		key: value
		if key in ("const", "enum", "default", "examples")
		else _inline_refs(value, base_uri, resolving)
		for key, value in node.items()
	}


def _resolve_ref(ref: str, base_uri: str) -> tuple[str, object]:
	uri, _, pointer = ref.partition("#")
	uri = uri or base_uri
	target = _registry().contents(uri)
	for part in (part for part in pointer.split("/") if part):
		target = target[part.replace("~1", "/").replace("~0", "~")]
	return uri, target


def schema_names() -> list[str]:
	return sorted(
		p.name.removesuffix(".schema.json")
		for p in SCHEMA_DIR.glob("*.schema.json")
		if p.name != "common.schema.json"
	)


def validation_errors(schema_name: str, message: dict) -> list[str]:
	errors = sorted(validator(schema_name).iter_errors(message), key=lambda e: list(e.absolute_path))
	return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]


def validate(schema_name: str, message: dict) -> dict:
	"""Raise ContractError unless `message` matches the named schema; return the message."""
	errors = validation_errors(schema_name, message)
	if errors:
		raise ContractError(schema_name, errors)
	return message


@cache
def topology() -> dict:
	return json.loads((CONTRACT_DIR / "topology.json").read_text(encoding="utf-8"))


def item_shard(item_code: str) -> int:
	"""Return the shard that orders all events of one item; the worker computes the same value."""
	return zlib.crc32(item_code.encode("utf-8")) % topology()["item_shards"]


def routing_key(message_type: str, **values: object) -> str:
	"""Build the routing key for a message type from the topology's template."""
	template = topology()["routing_keys"][message_type]
	return template.format(**values)
