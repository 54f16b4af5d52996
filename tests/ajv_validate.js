// Validate JSON documents, one per line on standard input, against a JSON Schema with Ajv
// (draft 2020-12); print 1 (valid) or 0 (invalid) per line. Used by the model ⇔ schema
// agreement tests: Ajv is what most integrators outside Python run.
"use strict";
const fs = require("fs");
const readline = require("readline");
const Ajv2020 = require("ajv/dist/2020").default;

const schema = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
// strict: false lets the x-govd-* annotations through; formats are not checked (as with
// the Python jsonschema package's default).
const ajv = new Ajv2020({ strict: false, validateFormats: false });
const validate = ajv.compile(schema);
const out = [];
readline
  .createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on("line", (line) => {
    let ok;
    try {
      ok = validate(JSON.parse(line));
    } catch (e) {
      ok = false;
    }
    out.push(ok ? "1" : "0");
  })
  .on("close", () => process.stdout.write(out.join("\n") + "\n"));
