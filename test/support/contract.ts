import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const contractDir = path.join(repoRoot, "contract");
export const examplesDir = path.join(contractDir, "examples");

export interface Example {
  schema: string;
  name: string;
  document: unknown;
}

/** Read contract/examples/<schema>/<kind>/*.json for every schema. */
export function examples(kind: "valid" | "invalid"): Example[] {
  const found: Example[] = [];
  for (const schema of readdirSync(examplesDir, { withFileTypes: true })) {
    if (!schema.isDirectory()) continue;
    const folder = path.join(examplesDir, schema.name, kind);
    for (const file of readdirSync(folder)
      .filter((name) => name.endsWith(".json"))
      .sort()) {
      const document: unknown = JSON.parse(readFileSync(path.join(folder, file), "utf8"));
      found.push({ schema: schema.name, name: file.replace(/\.json$/, ""), document });
    }
  }
  return found;
}
