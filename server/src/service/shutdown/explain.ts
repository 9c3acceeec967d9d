import type { PodTemplate } from '../model/kubernetes';
import { podTimeline, type PodTimeline } from './pod-timeline';
import type { TimelineContext } from './timeline';
import { rowTime, timelineRows } from './timeline-rows';

/** A table cell may not hold a pipe or a line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The termination sequence as a compact Markdown table, for hovers: a few words per event; the
 * explain view and the CLI give the full sentences.
 */
export function timelineMarkdown(timeline: PodTimeline): string {
  const graceText = `terminationGracePeriodSeconds ${timeline.grace.seconds}${timeline.grace.explicit ? '' : ' (default)'}`;
  const lines = [`**Shutdown of ${timeline.title}** — ${graceText}`, '', '| t | | what happens |', '|---|---|---|'];
  for (const row of timelineRows(timeline)) {
    const lane = row.lane === 'pod' ? '' : row.lane === 'traffic' ? 'traffic' : `\`${row.lane}\``;
    lines.push(`| ${rowTime(row)} | ${lane} | ${row.danger ? '⚠ ' : ''}${cell(row.summary)} |`);
  }
  for (const note of timeline.notes) lines.push('', note);
  lines.push('', '_Kube Graceful: Explain Pod Shutdown shows the details._');
  return lines.join('\n');
}

/** The termination sequence of a pod as Markdown, with the manifest's own numbers. */
export function explainPodShutdown(pod: PodTemplate, context: TimelineContext): string {
  return timelineMarkdown(podTimeline(pod, context));
}
