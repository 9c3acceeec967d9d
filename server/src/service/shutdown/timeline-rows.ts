import type { SourceLocation } from '../types';
import type { PodTimeline } from './pod-timeline';
import { formatSeconds } from './timeline';

/**
 * The events of a pod timeline as rows in time order: what the hover's table, the CLI's text, the
 * explain view's table (for keyboards and screen readers) and the drawing's tooltips all read.
 */
export interface TimelineRow {
  start: number;
  end?: number;
  /** "traffic", a container's name, or "pod". */
  lane: string;
  text: string;
  /** A few words for the compact hover table. */
  summary: string;
  /** Requests fail in this window. */
  danger: boolean;
  location?: SourceLocation;
}

const receiverWords = { shell: 'a shell, not the server', server: 'the server', unknown: 'PID 1' };
const preStopWords = { skipped: 'preStop skipped (grace period 0)', fails: 'preStop fails (nothing to run it with)' };

export function timelineRows(timeline: PodTimeline): TimelineRow[] {
  const rows: TimelineRow[] = [
    {
      start: 0, lane: 'pod', danger: false, location: timeline.location, summary: 'pod deleted: preStop hooks and endpoint removal start',
      text: 'Pod deleted. In parallel: the kubelet starts the preStop hooks, and the pod leaves the EndpointSlices.',
    },
    {
      start: timeline.propagation.start, end: timeline.propagation.end, lane: 'traffic', danger: false,
      summary: 'proxies and load balancers stop routing here (assumed)', text: timeline.propagation.detail,
    },
  ];
  for (const span of timeline.loadBalancers) {
    rows.push({ start: span.start, end: span.end, lane: 'traffic', danger: false, summary: span.label, text: `${span.label}: ${span.detail}`, location: span.location });
  }
  for (const lane of timeline.containers) {
    if (lane.preStop) {
      rows.push({
        start: lane.preStop.start, end: lane.preStop.end > lane.preStop.start ? lane.preStop.end : undefined, lane: lane.name, danger: false,
        summary: lane.preStop.outcome === 'runs' ? lane.preStop.label : preStopWords[lane.preStop.outcome], text: lane.preStop.detail, location: lane.preStop.location,
      });
    }
    rows.push({
      start: lane.signal.at, lane: lane.name, danger: false, location: lane.signal.location,
      summary: `${lane.signal.label} → ${receiverWords[lane.signal.receiver.kind]}`,
      text: `${lane.signal.detail} It reaches ${receiverWords[lane.signal.receiver.kind]}: ${lane.signal.receiver.why}.`,
    });
    rows.push({
      start: lane.drain.start, end: Math.min(lane.drain.end, lane.killAt), lane: lane.name, danger: false, location: lane.drain.location,
      summary: lane.drain.basis === 'budget' ? 'drain (time not known)' : `drain, needs ${formatSeconds(lane.drain.end - lane.drain.start)}`, text: lane.drain.detail,
    });
  }
  for (const danger of timeline.dangers) {
    rows.push({ start: danger.start, end: danger.end, lane: danger.lane, danger: true, summary: danger.summary, text: danger.cause, location: danger.location });
  }
  rows.push({
    start: timeline.killAt, lane: 'pod', danger: false, location: timeline.grace.location, summary: 'SIGKILL',
    text: `SIGKILL to every process still running (terminationGracePeriodSeconds ${timeline.grace.seconds}${timeline.grace.explicit ? '' : ', the default'}).`,
  });
  // Stable: rows that start together keep the order above (pod, traffic, containers, dangers).
  return rows.map((row, index) => ({ row, index })).sort((a, b) => a.row.start - b.row.start || a.index - b.index).map(({ row }) => row);
}

/** "0 s", "5 s – 30 s". */
export function rowTime(row: TimelineRow): string {
  return row.end === undefined || row.end === row.start ? formatSeconds(row.start) : `${formatSeconds(row.start)} – ${formatSeconds(row.end)}`;
}
