import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../server/src/service';
import { serverIds } from '../server/src/service/knowledge/image-signals';
import { kubernetesLinuxStopSignals } from '../server/src/service/knowledge/signals';
import { renderRuleDoc, renderRuleIndex, ruleDocPath, rulesSettingProperties, withReadmeRuleTable } from './rule-docs';

/**
 * Writes docs/rules/, the rules table of the README, the rule ids in package.json's settings
 * schema from the rules' metadata, and the schema of image entries from the signal and server tables;
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
  manifest.contributes.configuration.properties['kubeGraceful.images'] = {
    ...imagesSchema(),
    default: [],
    markdownDescription: 'Your own images and how they stop, ahead of kube-graceful\'s table of official images; a project file\'s `images` come first. '
      + 'See the README, "Configuration".',
  };
  // The project file's schema, contributed for Red Hat's YAML extension; the grammars highlight suppressions:
  // inside YAML comments, and as whole comments where a grammar matches a comment as one token.
  manifest.contributes.yamlValidation = [{ fileMatch: ['.kube-graceful.yaml', '.kube-graceful.yml'], url: `./${PROJECT_SCHEMA_PATH}` }];
  manifest.contributes.grammars = [
    { scopeName: SUPPRESSION_SCOPE, path: './syntaxes/kube-graceful-suppression.tmLanguage.json', injectTo: ['source.yaml'] },
    { scopeName: SUPPRESSION_LINE_SCOPE, path: './syntaxes/kube-graceful-suppression-line.tmLanguage.json', injectTo: ['source.dockerfile', 'source.shell'] },
  ];
  files.set(PROJECT_SCHEMA_PATH, `${JSON.stringify(projectSchema(), null, 2)}\n`);
  files.set('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
  files.set('README.md', withReadmeRuleTable(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), allRules));
  return files;
}

const PROJECT_SCHEMA_PATH = 'schemas/kube-graceful.schema.json';
const SUPPRESSION_SCOPE = 'kube-graceful.suppression.injection';
const SUPPRESSION_LINE_SCOPE = 'kube-graceful.suppression-line.injection';

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
      images: {
        ...imagesSchema(),
        description: 'Your own images and how they stop, ahead of the table of official images and the editor setting; the first entry that matches wins.',
      },
    },
  };
}

/** The schema of image entries (knowledge/image-signals.ts), shared by the project file and the editor setting. */
function imagesSchema(): object {
  return {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['image'],
      properties: {
        image: {
          type: 'string',
          pattern: '^[^@\\s]+$',
          description: 'The repository, e.g. registry.example.com/platform/nginx: with a registry, only from that registry; without, from any. '
            + 'A trailing * matches every repository it begins; ":1.2*" adds a tag glob.',
        },
        stopSignal: { type: 'string', enum: [...kubernetesLinuxStopSignals], description: 'The STOPSIGNAL the image sets; absent: none, so SIGTERM.' },
        runs: { type: 'string', enum: [...serverIds], description: 'The server the image\'s default command runs as its main process.' },
      },
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
