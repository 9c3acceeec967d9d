/** The analysis service's public surface, for the front ends (LSP server, CLI) and the tests. */
export { Analyzer, type AnalyzerOptions } from './analyzer';
export { detectLanguage, isBinary, isDockerfileName, looksLikeKubernetes, hasShellShebang, baseName } from './detect';
export { applyEdits } from './fix/apply';
export { initShellParser, type ShellParserFiles } from './parse/shell';
export { allRules, ruleById } from './rules';
export { ruleDocsUrl } from './rules/docs-url';
export type { AnyRule, RuleMeta, RuleExample } from './rules/rule';
export { CONFIG_PROBLEM_CODE, isProjectConfigUri, PROJECT_CONFIG_NAMES } from './project-config';
export { IGNORE_ANNOTATION, UNUSED_SUPPRESSION_CODE } from './suppress';
export { defaultSettings, parseKubernetesVersion, resolveSettings, type Settings } from './settings';
export type * from './types';
export { timelineMarkdown } from './shutdown/explain';
export type { ContainerLane, DangerWindow, PodTimeline, TimelineSpan } from './shutdown/pod-timeline';
export { timelineSvg } from './shutdown/svg';
export { rowTime, timelineRows, type TimelineRow } from './shutdown/timeline-rows';
export { formatSeconds } from './shutdown/timeline';
