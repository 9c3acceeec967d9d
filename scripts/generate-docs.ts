import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../server/src/service';
import { renderRuleDoc, renderRuleIndex, ruleDocPath, rulesSettingProperties, withReadmeRuleTable } from './rule-docs';

/**
 * Writes docs/rules/, the rules table of the README and the rule ids in package.json's settings
 * schema from the rules' metadata;
 * with --check, changes nothing and fails when anything is out of date (CI runs that).
 */
const root = path.resolve(__dirname, '..', '..');
const check = process.argv.includes('--check');

function expectedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of allRules) files.set(ruleDocPath(rule.meta.id), renderRuleDoc(rule));
  files.set('docs/rules/README.md', renderRuleIndex(allRules));
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  manifest.contributes.configuration.properties['kubeGraceful.rules'].properties = rulesSettingProperties(allRules);
  // The project file's schema, contributed for Red Hat's YAML extension; the grammar highlights suppressions.
  manifest.contributes.yamlValidation = [{ fileMatch: ['.kube-graceful.yaml', '.kube-graceful.yml'], url: `./${PROJECT_SCHEMA_PATH}` }];
  manifest.contributes.grammars = [
    ...(manifest.contributes.grammars ?? []).filter((grammar: { scopeName: string }) => grammar.scopeName !== SUPPRESSION_SCOPE),
    { scopeName: SUPPRESSION_SCOPE, path: './syntaxes/kube-graceful-suppression.tmLanguage.json', injectTo: ['source.yaml', 'source.dockerfile', 'source.shell'] },
  ];
  files.set(PROJECT_SCHEMA_PATH, `${JSON.stringify(projectSchema(), null, 2)}\n`);
  files.set('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
  files.set('README.md', withReadmeRuleTable(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), allRules));
  return files;
}

const PROJECT_SCHEMA_PATH = 'schemas/kube-graceful.schema.json';
const SUPPRESSION_SCOPE = 'kube-graceful.suppression.injection';

/** The JSON schema of .kube-graceful.yaml, with every rule id from the registry. */
function projectSchema(): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'kube-graceful project file (.kube-graceful.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: {
        type: 'object',
        description: 'Severity per rule id: error, warning, info, hint or off. Wins over the editor settings.',
        properties: rulesSettingProperties(allRules),
        additionalProperties: false,
      },
      kubernetesVersion: { type: ['string', 'number'], pattern: '^v?\\d+\\.\\d+(\\.\\d+)?$', description: 'The Kubernetes version of your clusters ("1.30"): decides which fixes are valid.' },
      drainBudgetSeconds: { type: 'number', minimum: 0, description: 'Seconds an app needs to finish in-flight work after the stop signal, when the workspace does not say.' },
      include: { type: 'array', items: { type: 'string' }, description: 'Globs, relative to this file: only matching files are analysed.' },
      exclude: { type: 'array', items: { type: 'string' }, description: 'Globs, relative to this file, of files never analysed.' },
    },
  };
}

function existingDocs(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? existingDocs(full) : [path.relative(root, full).split(path.sep).join('/')];
  });
}

const expected = expectedFiles();
const stale = [...expected].filter(([file, text]) => !fs.existsSync(path.join(root, file)) || fs.readFileSync(path.join(root, file), 'utf8') !== text)
  .map(([file]) => file);
const orphans = existingDocs(path.join(root, 'docs/rules')).filter((file) => !expected.has(file));

if (check) {
  if (stale.length > 0 || orphans.length > 0) {
    for (const file of stale) console.error(`out of date: ${file}`);
    for (const file of orphans) console.error(`no rule documents this page: ${file}`);
    console.error('Run `npm run docs` and commit the result.');
    process.exit(1);
  }
  console.log(`docs up to date (${allRules.length} rules)`);
} else {
  for (const file of stale) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), expected.get(file)!);
    console.log(`wrote ${file}`);
  }
  for (const file of orphans) {
    fs.rmSync(path.join(root, file));
    console.log(`removed ${file}`);
  }
}
