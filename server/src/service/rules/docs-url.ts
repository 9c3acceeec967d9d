/** Where each rule's generated page is published; the path below it is `<rule id>.md`. */
export const RULE_DOCS_BASE_URL = 'https://github.com/kube-graceful/kube-graceful/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${ruleId}.md`;
}
