"""The shared contract examples, checked with Python's JSON Schema validator."""

import json
from pathlib import Path

import pytest

from wix_integration import contract

EXAMPLES = contract.CONTRACT_DIR / "examples"


def example_files(kind: str) -> list[Path]:
	return sorted(EXAMPLES.glob(f"*/{kind}/*.json"))


def example_id(path: Path) -> str:
	return f"{path.parent.parent.name}/{path.stem}"


def test_every_schema_has_valid_and_invalid_examples():
	for name in contract.schema_names():
		assert list((EXAMPLES / name / "valid").glob("*.json")), f"{name} has no valid example"
		assert list((EXAMPLES / name / "invalid").glob("*.json")), f"{name} has no invalid example"


def test_every_schema_pins_schema_version():
	for name in contract.schema_names():
		schema = contract.validator(name).schema
		assert "schema_version" in schema["required"], f"{name} does not require schema_version"


@pytest.mark.parametrize("path", example_files("valid"), ids=example_id)
def test_valid_example_is_accepted(path: Path):
	message = json.loads(path.read_text(encoding="utf-8"))
	assert contract.validation_errors(path.parent.parent.name, message) == []


@pytest.mark.parametrize("path", example_files("invalid"), ids=example_id)
def test_invalid_example_is_rejected(path: Path):
	message = json.loads(path.read_text(encoding="utf-8"))
	with pytest.raises(contract.ContractError):
		contract.validate(path.parent.parent.name, message)


def test_item_shard_matches_vectors():
	vectors = json.loads((EXAMPLES / "shards.json").read_text(encoding="utf-8"))
	assert vectors["item_shards"] == contract.topology()["item_shards"]
	for vector in vectors["vectors"]:
		assert contract.item_shard(vector["item_code"]) == vector["shard"], vector["item_code"]


def test_routing_key_fills_shard():
	assert contract.routing_key("item.upsert", shard=3) == "item.upsert.3"
