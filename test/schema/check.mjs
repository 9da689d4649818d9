// Checks docs/rules.schema.json: it compiles with ajv in strict mode; every valid fixture, every
// built-in rule set (rulesets/) and every ```yaml block of docs/rules.md passes it; every
// invalid fixture fails it, with a schema error at the line its `# expect: <SQLSTATE> line <N>`
// header names; and the valid fixtures together use every action the schema knows. Prints one
// line per failure, then `N passed, M failed`; exits non-zero on any failure.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { LineCounter, isMap, isPair, isScalar, parseDocument } from 'yaml';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaPath = join(repoRoot, 'docs', 'rules.schema.json');
const docsPath = join(repoRoot, 'docs', 'rules.md');
const fixturesDir = join(repoRoot, 'test', 'fixtures');
const expectHeader = /^# expect: ([0-9A-Z]{5}) line ([1-9][0-9]*)$/;

let passed = 0;
const failures = [];
function record(ok, name, why) {
  if (ok) passed += 1;
  else failures.push(`FAIL ${name}: ${why}`);
}

// Parses YAML text the way a rule set is loaded: one document, errors reported, lines counted.
function loadYaml(text) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) return { error: doc.errors[0].message };
  return { doc, value: doc.toJS(), lineOf: (offset) => lineCounter.linePos(offset).line };
}

function describeErrors(errors) {
  return errors
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message}`)
    .join('; ');
}

// The YAML lines an ajv error can be said to be at: the offending value node, the key that holds
// it, and for an unknown property the key itself.
function errorLines(loaded, error) {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = loaded.doc.contents;
  let holderKey = null;
  for (const segment of path) {
    if (node == null || node.items == null) return [];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) return [];
      holderKey = pair.key;
      node = pair.value;
    } else {
      holderKey = null;
      node = node.items[Number(segment)];
    }
  }
  const lines = [];
  if (node && node.range) lines.push(loaded.lineOf(node.range[0]));
  if (holderKey && holderKey.range) lines.push(loaded.lineOf(holderKey.range[0]));
  if (error.keyword === 'additionalProperties' && isMap(node)) {
    const unknown = node.items.find((p) => isScalar(p.key) && String(p.key.value) === error.params.additionalProperty);
    if (unknown) lines.push(loaded.lineOf(unknown.key.range[0]));
  }
  return lines;
}

function yamlFiles(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(dir, name));
}

// Every ```yaml block of a Markdown text (not ```yaml-fragment), with the line it starts on.
function yamlBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i].trimEnd() !== '```yaml') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trimEnd() !== '```') end += 1;
    blocks.push({ line: start + 1, text: lines.slice(start, end).join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

// The action names used in a rule set's `do` entries.
function actionsUsed(ruleSet) {
  const names = [];
  for (const rule of ruleSet.rules ?? []) {
    const steps = Array.isArray(rule.do) ? rule.do : [rule.do];
    for (const step of steps) {
      if (typeof step === 'string') names.push(step);
      else if (step && typeof step === 'object') names.push(...Object.keys(step));
    }
  }
  return names;
}

const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv({ strict: true, allErrors: true });
// Vendor keywords of the VS Code / Monaco JSON and YAML language services: annotations only.
ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
ajv.addKeyword({ keyword: 'defaultSnippets', schemaType: 'array' });

let validate = null;
try {
  validate = ajv.compile(schema);
  record(true);
} catch (err) {
  record(false, relative(repoRoot, schemaPath), `does not compile in strict mode: ${err.message}`);
}

if (validate) {
  // Records whether a rule set file passes the schema; returns its document when it does.
  const checkValid = (file) => {
    const name = relative(repoRoot, file);
    const loaded = loadYaml(readFileSync(file, 'utf8'));
    if (loaded.error) {
      record(false, name, `YAML does not parse: ${loaded.error}`);
      return null;
    }
    const ok = validate(loaded.value);
    record(ok, name, ok ? '' : describeErrors(validate.errors));
    return ok ? loaded.value : null;
  };

  const used = new Set();
  for (const file of yamlFiles(join(fixturesDir, 'valid'))) {
    const document = checkValid(file);
    if (document) actionsUsed(document).forEach((action) => used.add(action));
  }

  const known = [
    ...schema.definitions.bareAction.oneOf.map((alternative) => alternative.const),
    ...Object.keys(schema.definitions.actionWithArgument.properties),
  ];
  const unused = known.filter((action) => !used.has(action));
  record(unused.length === 0, 'test/fixtures/valid', `no valid fixture uses ${unused.join(', ')}`);

  for (const file of yamlFiles(join(fixturesDir, 'invalid'))) {
    const name = relative(repoRoot, file);
    const text = readFileSync(file, 'utf8');
    const header = expectHeader.exec(text.split('\n')[0]);
    if (!header) {
      record(false, name, 'first line is not `# expect: <SQLSTATE> line <N>`');
      continue;
    }
    const expectedLine = Number(header[2]);
    const loaded = loadYaml(text);
    if (loaded.error) {
      record(header[1] === '42601', name, `YAML does not parse but expects ${header[1]}`);
      continue;
    }
    if (validate(loaded.value)) {
      record(false, name, 'passes the schema but must fail');
      continue;
    }
    const lines = new Set(validate.errors.flatMap((error) => errorLines(loaded, error)));
    record(
      lines.has(expectedLine),
      name,
      `expects line ${expectedLine}, schema errors are at lines ${[...lines].sort((a, b) => a - b).join(', ')}`,
    );
  }

  // The built-in rule sets shipped in the install script.
  yamlFiles(join(repoRoot, 'rulesets')).forEach(checkValid);

  yamlBlocks(readFileSync(docsPath, 'utf8')).forEach((block) => {
    const name = `docs/rules.md:${block.line}`;
    const loaded = loadYaml(block.text);
    if (loaded.error) {
      record(false, name, `YAML does not parse: ${loaded.error}`);
      return;
    }
    const ok = validate(loaded.value);
    record(ok, name, ok ? '' : describeErrors(validate.errors));
  });
}

failures.forEach((line) => console.log(line));
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
