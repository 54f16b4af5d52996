// A reference evaluator of the arithmetic rules of govdisclosure in JavaScript, written from
// schemas/rules.json alone: it knows nothing of the layout or the models. It evaluates every
// case of the conformance suite and compares its findings with the expected arithmetic
// findings (relations and their blank-total / blank-items outcomes).
//
// Usage: node rules-eval.mjs RULES_JSON CONFORMANCE_DIR
// Prints one JSON line per case that disagrees, then a summary line; exits 1 on disagreement.
// No dependencies: numbers are read exactly (a JSON number becomes {int: BigInt, scale}),
// since JSON.parse would turn 10^30 or 0.1 into binary floats.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

// ---------------------------------------------------------------- exact JSON
function parseExact(text) {
  let i = 0;
  const ws = () => { while (/\s/.test(text[i] ?? "")) i++; };
  const value = () => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++; const out = {}; ws();
      if (text[i] === "}") { i++; return out; }
      for (;;) {
        ws(); const k = string(); ws(); i++; // ':'
        out[k] = value(); ws();
        if (text[i++] === "}") return out;
      }
    }
    if (c === "[") {
      i++; const out = []; ws();
      if (text[i] === "]") { i++; return out; }
      for (;;) { out.push(value()); ws(); if (text[i++] === "]") return out; }
    }
    if (c === '"') return string();
    if (text.startsWith("true", i)) { i += 4; return true; }
    if (text.startsWith("false", i)) { i += 5; return false; }
    if (text.startsWith("null", i)) { i += 4; return null; }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    i += m[0].length;
    return decimal(m[0]);
  };
  const string = () => {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i));
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  return value();
}

function decimal(s) {
  const [mant, exp = "0"] = s.toLowerCase().split("e");
  const [whole, frac = ""] = mant.split(".");
  let scale = frac.length - Number(exp);
  let int = BigInt(whole + frac);
  if (scale < 0) { int *= 10n ** BigInt(-scale); scale = 0; }
  return { int, scale };
}
const isNum = (v) => v !== null && typeof v === "object" && typeof v.int === "bigint";
const align = (a, b) => {
  const s = Math.max(a.scale, b.scale);
  return [a.int * 10n ** BigInt(s - a.scale), b.int * 10n ** BigInt(s - b.scale), s];
};
const add = (a, b) => { const [x, y, s] = align(a, b); return { int: x + y, scale: s }; };
const cmp = (a, b) => { const [x, y] = align(a, b); return x < y ? -1 : x > y ? 1 : 0; };
const ZERO = { int: 0n, scale: 0 };
const show = (v) => {
  if (v === null) return null;
  let { int, scale } = v;
  while (scale > 0 && int % 10n === 0n) { int /= 10n; scale--; } // 2.50 == 2.5
  const neg = int < 0n; let digits = (neg ? -int : int).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, "0");
    digits = digits.slice(0, -scale) + "." + digits.slice(-scale);
  }
  return (neg ? "-" : "") + digits;
};

// ---------------------------------------------------------------- the rules, as data
const at = (doc, pointer) =>
  pointer.split("/").slice(1).reduce((o, t) => o[t.replace(/~1/g, "/").replace(/~0/g, "~")], doc);

function holds(cond, sides) {
  if (cond === true) return true;
  if (cond.all) return cond.all.every((c) => holds(c, sides));
  if ("count" in cond) return BigInt(sides[cond.cells].length) === cond.count.int;
  return sides[cond.blank].every((v) => v === null);
}

const OPS = { "==": (c) => c === 0, "<=": (c) => c <= 0, ">=": (c) => c >= 0 };

function evaluate(rules, edition, doc) {
  const severity = Object.fromEntries(rules.rules.map((r) => [r.code, r.severity]));
  const out = [];
  for (const rule of rules.rules) {
    const check = rule.check;
    if (check.kind !== "relation" || !check.instances[edition]) continue;
    const ev = check.evaluation;
    const blankAs = ev.blank_as; // an exact number, as every number here
    for (const inst of check.instances[edition]) {
      const sides = { left: inst.left.map((p) => at(doc, p)), right: inst.right.map((p) => at(doc, p)) };
      const sum = (vs) => vs.reduce((s, v) => add(s, v === null ? blankAs : v), ZERO);
      const value = { "sum(left)": sum(sides.left), "sum(right)": sum(sides.right) };
      if (OPS[inst.op](cmp(value["sum(left)"], value["sum(right)"]))) continue;
      const outcome = ev.on_failure.find((o) => holds(o.when, sides));
      out.push({
        code: outcome.code,
        severity: severity[outcome.code],
        pointers: [...inst.left, ...inst.right],
        reported: outcome.reported === null ? null : show(value[outcome.reported]),
        computed: outcome.computed === null ? null : show(value[outcome.computed]),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- the suite
const [rulesPath, suiteDir] = process.argv.slice(2);
const rules = parseExact(readFileSync(rulesPath, "utf8"));
const arithmetic = new Set(
  rules.rules.filter((r) => ["relation", "blank-total", "blank-items"].includes(r.check.kind)).map((r) => r.code),
);
const load = (p) => parseExact(readFileSync(p, "utf8"));
const cases = [];
for (const f of readdirSync(join(suiteDir, "cases")).sort()) {
  const c = load(join(suiteDir, "cases", f));
  cases.push([f, c.document, c]);
}
for (const f of readdirSync(suiteDir).filter((f) => /^relations-.*\.json$/.test(f)).sort()) {
  const suite = load(join(suiteDir, f));
  const base = load(join(suiteDir, suite.base));
  suite.cases.forEach((c, n) => {
    const doc = structuredClone(base);
    for (const op of c.patch) {
      const parts = op.path.split("/");
      const last = parts.pop();
      at(doc, parts.join("/"))[last] = op.value;
    }
    cases.push([`${f}#${n}`, doc, c]);
  });
}
const key = (f) => JSON.stringify([f.code, f.severity, f.pointers, f.reported, f.computed]);
const norm = (f) => ({ ...f, reported: isNum(f.reported) ? show(f.reported) : f.reported, computed: isNum(f.computed) ? show(f.computed) : f.computed });
let disagree = 0;
let findings = 0;
for (const [name, doc, c] of cases) {
  const expected = c.findings.filter((f) => arithmetic.has(f.code)).map(norm).map(key).sort();
  const got = (c.structure_ok ? evaluate(rules, doc.edition, doc) : []).map(key).sort();
  findings += got.length;
  if (JSON.stringify(expected) !== JSON.stringify(got)) {
    disagree++;
    console.log(JSON.stringify({ case: name, expected, got }));
  }
}
console.log(JSON.stringify({ cases: cases.length, findings, disagree }));
process.exit(disagree ? 1 : 0);
