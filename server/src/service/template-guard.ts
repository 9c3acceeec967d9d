import type { TemplateMask } from './model/kubernetes';
import type { FixSpec, Report } from './rules/rule';
import type { SourceText } from './source';
import type { Range } from './types';

/**
 * What a rule reports on a Helm template, minus what rests on template text: a finding whose range
 * touches a masked action is about a value we did not see, so it is dropped; a fix that would edit
 * an action, or land inside an `if`/`with`/`range` block that the finding is not in, would change
 * the template's meaning, so it is dropped too (the finding stays).
 */
export function guardTemplateReport(source: SourceText, template: TemplateMask, report: Report): Report | undefined {
  const [start, end] = offsetsOf(source, report.range);
  if (template.placeholders.some(([from, to]) => start < to && from < Math.max(end, start + 1))) return undefined;
  const keep = (fix: FixSpec) => (fix.edits()[source.uri] ?? []).every((edit) => {
    const [editStart, editEnd] = offsetsOf(source, edit.range);
    const inside = ([from, to]: [number, number]) => (editStart === editEnd ? from < editStart && editStart < to : editStart < to && from < editEnd);
    // An edit inside a block that opens after the finding (`{{- with .Values.lifecycle }}` within the container) would
    // become conditional; inside a block around the whole object (`{{- if .Values.enabled }}` … `{{- end }}`) it is fine.
    return !template.placeholders.some(inside) && !template.blocks.some((block) => inside(block) && block[0] > start);
  });
  return {
    ...report,
    fix: report.fix && keep(report.fix) ? report.fix : undefined,
    suggestions: report.suggestions?.filter(keep),
  };
}

function offsetsOf(source: SourceText, range: Range): [number, number] {
  return [source.offsetAt(range.start), source.offsetAt(range.end)];
}
