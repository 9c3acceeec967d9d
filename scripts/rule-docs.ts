import type { AnyRule, RuleExample } from '../server/src/service';

/** Rule documentation, generated from each rule's metadata so the two never disagree. */

const languageNames: Record<string, string> = { kubernetes: 'Kubernetes manifests', dockerfile: 'Dockerfiles', shell: 'shell scripts' };
const fenceLanguage: Record<string, string> = { kubernetes: 'yaml', dockerfile: 'dockerfile', shell: 'sh' };
/** Rule pages live in docs/rules/<language>/, the facts in docs/. */
const FACTS_LINK = '../../FACTS.md';

export function ruleDocPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

function example(rule: AnyRule, item: RuleExample): string[] {
  const lines: string[] = [];
  if (item.description) lines.push(item.description, '');
  for (const other of item.otherFiles ?? []) lines.push(`\`${other.filename}\`:`, '', '```yaml', other.code.trimEnd(), '```', '');
  if (item.filename || item.otherFiles) lines.push(`\`${item.filename ?? 'this file'}\`:`, '');
  lines.push(`\`\`\`${fenceLanguage[rule.meta.language]}`, item.code.trimEnd(), '```', '');
  return lines;
}

export function renderRuleDoc(rule: AnyRule): string {
  const { meta } = rule;
  const lines = [
    `# ${meta.id}`,
    '',
    '<!-- Generated from the rule\'s metadata by `npm run docs`. Do not edit: change the rule instead. -->',
    '',
    `**Checks:** ${languageNames[meta.language]} · **Default severity:** ${meta.defaultSeverity} · **Fix:** ${meta.fix ? meta.fix.safety : 'none'}`,
    '',
    '## What it does',
    '',
    meta.summary,
    '',
    '## Why it breaks shutdown',
    '',
    meta.rationale,
    '',
    `Relies on [verified facts](${FACTS_LINK}) ${meta.facts.map((fact) => `§${fact}`).join(', ')}, each with its primary source.`,
    '',
    '## Examples',
    '',
    '### Incorrect',
    '',
    ...meta.examples.incorrect.flatMap((item) => example(rule, item)),
    '### Correct',
    '',
    ...meta.examples.correct.flatMap((item) => example(rule, item)),
  ];
  if (meta.fix) {
    lines.push('## Fix', '', meta.fix.description, '', `**Safety: ${meta.fix.safety}.** ${meta.fix.safetyNote}`, '');
  }
  lines.push('## Configuration', '', 'Set the severity, or switch the rule off, in VS Code settings:', '', '```json',
    `"kubeGraceful.rules": { "${meta.id}": "off" }`, '```', '');
  lines.push('## References', '', ...meta.references.map((reference) => `- <${reference}>`), '');
  return lines.join('\n');
}

export function renderRuleIndex(rules: AnyRule[]): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from the rules\' metadata by `npm run docs`. Do not edit. -->',
    '',
    '| Rule | Checks | Severity | Fix | What it finds |',
    '|---|---|---|---|---|',
    ...rules.map(({ meta }) => `| [\`${meta.id}\`](${meta.id}.md) | ${languageNames[meta.language]} | ${meta.defaultSeverity} | ${meta.fix?.safety ?? '—'} | ${meta.summary} |`),
    '',
  ];
  return lines.join('\n');
}

/** The `kubeGraceful.rules` settings schema: one property per rule, so VS Code completes the ids. */
export function rulesSettingProperties(rules: AnyRule[]): Record<string, unknown> {
  return Object.fromEntries(rules.map(({ meta }) => [meta.id, {
    type: 'string',
    enum: ['error', 'warning', 'info', 'hint', 'off'],
    default: meta.defaultSeverity,
    markdownDescription: meta.summary,
  }]));
}
