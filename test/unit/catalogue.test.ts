import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRules, ruleDocsUrl, type AnyRule, type RuleExample } from '../../server/src/service';
import { languagePrefix } from '../../server/src/service/rules/rule';
import { renderRuleDoc, ruleDocPath, rulesSettingProperties } from '../../scripts/rule-docs';
import { lint } from '../support/rule-tester';

/** Meta-tests over the rule registry: every rule is complete, documented, tested and consistent. */
const root = path.resolve(__dirname, '..', '..', '..');
const facts = fs.readFileSync(path.join(root, 'docs/FACTS.md'), 'utf8');

function runExample(rule: AnyRule, example: RuleExample) {
  return lint(rule, example.code, example).findings;
}

describe('rule catalogue', () => {
  it('has unique ids', () => {
    const ids = allRules.map((rule) => rule.meta.id);
    assert.deepStrictEqual(ids, [...new Set(ids)]);
  });

  for (const rule of allRules) {
    const { meta } = rule;
    describe(meta.id, () => {
      it('has an id of its language prefix and kebab-case name, matching its file', () => {
        assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.strictEqual(meta.id.split('/')[0], languagePrefix[meta.language]);
        assert.ok(fs.existsSync(path.join(root, 'server/src/service/rules', `${meta.id}.ts`)), `no file rules/${meta.id}.ts`);
      });

      it('has complete metadata', () => {
        assert.match(meta.summary, /^[A-Z].*\.$/, 'summary is one sentence');
        assert.ok(meta.rationale.length > 200, 'rationale explains why');
        assert.ok(meta.facts.length > 0, 'cites facts');
        for (const fact of meta.facts) {
          // "1a" is heading "### 1a.", "12.3" is item 3 under "## 12."
          const section = /^\d+[a-z]?/.exec(fact)?.[0];
          assert.ok(section && new RegExp(`^#{2,3} ${section}\\. `, 'm').test(facts), `FACTS.md has no section ${fact}`);
        }
        assert.ok(meta.references.length > 0 && meta.references.every((reference) => reference.startsWith('https://')));
        assert.ok(meta.examples.incorrect.length > 0 && meta.examples.correct.length > 0);
        assert.ok(ruleDocsUrl(meta.id).endsWith(`/${meta.id}.md`));
      });

      meta.examples.incorrect.forEach((example, index) => {
        it(`fires on incorrect example ${index + 1}`, () => {
          assert.ok(runExample(rule, example).some((finding) => finding.ruleId === meta.id));
        });
      });
      meta.examples.correct.forEach((example, index) => {
        it(`is silent on correct example ${index + 1}`, () => {
          assert.deepStrictEqual(runExample(rule, example).map((finding) => finding.message), []);
        });
      });

      it('offers a fix on an incorrect example when its metadata promises one', () => {
        const fixed = meta.examples.incorrect.some((example) => runExample(rule, example).some((finding) => finding.fix || finding.suggestions.length > 0));
        assert.strictEqual(fixed, meta.fix !== undefined);
      });

      it('has table tests', () => {
        assert.ok(fs.existsSync(path.join(root, 'test/unit/rules', `${meta.id}.test.ts`)), `no test/unit/rules/${meta.id}.test.ts`);
      });

      it('has an up-to-date docs page', () => {
        const page = path.join(root, ruleDocPath(meta.id));
        assert.ok(fs.existsSync(page), `no ${ruleDocPath(meta.id)}: run npm run docs`);
        assert.strictEqual(fs.readFileSync(page, 'utf8'), renderRuleDoc(rule), 'docs page out of date: run npm run docs');
      });
    });
  }

  it('lists every rule in the settings schema of package.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepStrictEqual(manifest.contributes.configuration.properties['kubeGraceful.rules'].properties, rulesSettingProperties(allRules));
  });
});
