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
  files.set('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
  files.set('README.md', withReadmeRuleTable(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), allRules));
  return files;
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
