// Validate report documents with ajv (draft 2020-12, default strict mode) against a
// govdisclosure schema, and print, for each file, ajv's first error as one JSON line:
//   {"file": ..., "valid": false, "pointer": "/t3/new_received/total", "keyword": ..., "message": ...}
// Usage: node ajv-validate.mjs SCHEMA_DIR SCHEMA_FILE DOCUMENT...
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaDir, schemaFile, ...documents] = process.argv.slice(2);
const ajv = new Ajv2020(); // default options: strict mode on, first error only
addFormats(ajv);
// The x-govd-* keywords are annotations (labels, ids, units): declared so that strict mode
// accepts them, never asserted. Collected from the schemas so that new ones need no change here.
const keywords = new Set();
const collect = (node) => {
  if (Array.isArray(node)) node.forEach(collect);
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith("x-govd-")) keywords.add(k);
      collect(v);
    }
};
const schemas = readdirSync(schemaDir)
  .filter((f) => f.endsWith(".schema.json"))
  .map((f) => JSON.parse(readFileSync(join(schemaDir, f), "utf8")));
schemas.forEach(collect);
ajv.addVocabulary([...keywords].sort());
for (const s of schemas) ajv.addSchema(s);
const main = JSON.parse(readFileSync(join(schemaDir, schemaFile), "utf8"));
const validate = ajv.getSchema(main.$id);
for (const file of documents) {
  const ok = validate(JSON.parse(readFileSync(file, "utf8")));
  const e = ok ? null : validate.errors[0];
  console.log(
    JSON.stringify(
      ok
        ? { file, valid: true }
        : { file, valid: false, pointer: e.instancePath, keyword: e.keyword, message: e.message },
    ),
  );
}
