import type { SourceLocation } from '../types';
import type { PodTimeline, TimelineSpan } from './pod-timeline';
import { formatSeconds } from './timeline';

/**
 * The pod timeline as an SVG picture: a lane for routing (endpoint removal, load balancers) and
 * one per container (preStop, stop signal, drain), the SIGKILL line, and the windows where requests
 * fail shaded with their cause. Colours are CSS variables with fallbacks, so the explain view can
 * follow the editor's theme and the same file stands alone for docs and CI artifacts. Output is
 * deterministic (golden-tested).
 */

const WIDTH = 640;
const LABEL_WIDTH = 110;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_RIGHT = WIDTH - 20;
const AXIS_Y = 28;
const LANE_TOP = 44;
const LANE_HEIGHT = 46;
const BAR_HEIGHT = 18;

const style = `
  .kg text { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: 12px; fill: var(--kg-foreground, #1f2328); }
  .kg .lane-label { font-weight: 600; }
  .kg .muted { fill: var(--kg-muted, #59636e); }
  .kg .axis, .kg .tick { stroke: var(--kg-muted, #59636e); stroke-width: 1; }
  .kg .lane-bg { fill: var(--kg-lane, rgba(128, 128, 128, 0.08)); }
  .kg .propagation { fill: var(--kg-propagation, rgba(128, 128, 128, 0.35)); }
  .kg .load-balancer { fill: var(--kg-load-balancer, #8250df); }
  .kg .prestop { fill: var(--kg-prestop, #0969da); }
  .kg .prestop.failed { fill: none; stroke: var(--kg-prestop, #0969da); stroke-dasharray: 4 3; }
  .kg .drain { fill: var(--kg-drain, #1a7f37); }
  .kg .drain-cut { fill: none; stroke: var(--kg-drain, #1a7f37); stroke-dasharray: 4 3; }
  .kg .signal { stroke: var(--kg-signal, #bf8700); stroke-width: 2; }
  .kg .signal-head { fill: var(--kg-signal, #bf8700); }
  .kg .sigkill { stroke: var(--kg-kill, #cf222e); stroke-width: 2; stroke-dasharray: 6 4; }
  .kg .sigkill-label { fill: var(--kg-kill, #cf222e); font-weight: 600; }
  .kg .danger { fill: url(#kg-hatch); stroke: var(--kg-kill, #cf222e); stroke-width: 1; }
  .kg .hatch { stroke: var(--kg-kill, #cf222e); stroke-width: 2; opacity: 0.55; }
  .kg .event { cursor: pointer; }
  .kg .event:focus { outline: none; }
  .kg .event:focus > :first-child, .kg .event:hover > :first-child { stroke: var(--kg-focus, #0969da); stroke-width: 2; }
`;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Tick step for a timeline `end` seconds long: about 6–12 ticks. */
function tickStep(end: number): number {
  return [1, 2, 5, 10, 15, 30, 60, 120, 300, 600].find((step) => end / step <= 12) ?? 1200;
}

/** An element the viewer can focus and follow to the line that set it. */
function event(label: string, location: SourceLocation | undefined, body: string): string {
  const link = location
    ? ` data-uri="${escape(location.uri)}" data-line="${location.range.start.line}" data-character="${location.range.start.character}"`
    : '';
  return `<g class="event" tabindex="0" role="${location ? 'link' : 'img'}" aria-label="${escape(label)}"${link}><title>${escape(label)}</title>${body}</g>`;
}

export interface SvgOptions {
  /** The Content-Security-Policy nonce of the page the picture is embedded in. */
  nonce?: string;
}

export function timelineSvg(timeline: PodTimeline, options: SvgOptions = {}): string {
  const step = tickStep(timeline.end);
  const end = Math.max(step, Math.ceil(timeline.end / step) * step);
  const x = (seconds: number) => PLOT_LEFT + (Math.min(seconds, end) / end) * (PLOT_RIGHT - PLOT_LEFT);
  const lanes = ['routing', ...timeline.containers.map((lane) => lane.name)];
  const laneY = (index: number) => LANE_TOP + index * LANE_HEIGHT;
  const barY = (index: number) => laneY(index) + (LANE_HEIGHT - BAR_HEIGHT) / 2;
  const height = laneY(lanes.length) + 12;
  const bar = (index: number, span: { start: number; end: number }, className: string) =>
    `<rect class="${className}" x="${round(x(span.start))}" y="${round(barY(index))}" width="${round(Math.max(x(span.end) - x(span.start), 2))}" height="${BAR_HEIGHT}" rx="3"/>`;
  const parts: string[] = [];

  for (let tick = 0; tick <= end; tick += step) {
    parts.push(`<line class="tick" x1="${round(x(tick))}" y1="${AXIS_Y - 4}" x2="${round(x(tick))}" y2="${AXIS_Y}"/>`,
      `<text class="muted" x="${round(x(tick))}" y="${AXIS_Y - 8}" text-anchor="middle">${tick} s</text>`);
  }
  parts.push(`<line class="axis" x1="${PLOT_LEFT}" y1="${AXIS_Y}" x2="${PLOT_RIGHT}" y2="${AXIS_Y}"/>`);

  lanes.forEach((name, index) => {
    parts.push(`<rect class="lane-bg" x="0" y="${laneY(index) + 2}" width="${WIDTH}" height="${LANE_HEIGHT - 4}"/>`,
      `<text class="lane-label" x="8" y="${round(laneY(index) + LANE_HEIGHT / 2 + 4)}">${escape(index === 0 ? 'Routing' : name)}</text>`);
  });

  const routing = (span: TimelineSpan, className: string) => event(`${span.label}, ${formatSeconds(span.start)} – ${formatSeconds(span.end)}: ${span.detail}`, span.location, bar(0, span, className));
  parts.push(routing(timeline.propagation, 'propagation'));
  for (const span of timeline.loadBalancers) parts.push(routing(span, 'load-balancer'));

  timeline.containers.forEach((lane, laneIndex) => {
    const index = laneIndex + 1;
    if (lane.preStop && lane.preStop.outcome !== 'skipped') {
      const failed = lane.preStop.outcome === 'fails';
      const span = failed ? { start: 0, end: Math.max(step / 5, 0.5) } : lane.preStop;
      parts.push(event(`${formatSeconds(lane.preStop.start)} – ${formatSeconds(lane.preStop.end)}: ${lane.preStop.detail}`, lane.preStop.location,
        bar(index, span, failed ? 'prestop failed' : 'prestop')));
    }
    const drainEnd = Math.min(lane.drain.end, lane.killAt);
    parts.push(event(`Drain, ${formatSeconds(lane.drain.start)} – ${formatSeconds(drainEnd)}: ${lane.drain.detail}`, lane.drain.location,
      bar(index, { start: lane.drain.start, end: drainEnd }, 'drain')));
    if (lane.drain.end > lane.killAt && lane.drain.basis !== 'budget') {
      parts.push(bar(index, { start: lane.killAt, end: lane.drain.end }, 'drain-cut'));
    }
    const signalX = round(x(lane.signal.at));
    const top = laneY(index) + 4;
    parts.push(event(`Stop signal ${lane.signal.label} at ${formatSeconds(lane.signal.at)}: ${lane.signal.detail} Receiver: ${lane.signal.receiver.why}.`, lane.signal.location,
      `<line class="signal" x1="${signalX}" y1="${top}" x2="${signalX}" y2="${laneY(index) + LANE_HEIGHT - 4}"/>`
      + `<path class="signal-head" d="M ${signalX} ${top + 8} l -5 -8 h 10 z"/>`
      + `<text x="${round(x(lane.signal.at) + 6)}" y="${top + 9}">${escape(lane.signal.label)}</text>`));
  });

  for (const danger of timeline.dangers) {
    const index = danger.lane === 'traffic' ? 0 : 1 + timeline.containers.findIndex((lane) => lane.name === danger.lane);
    parts.push(event(`Requests fail, ${formatSeconds(danger.start)} – ${formatSeconds(danger.end)}: ${danger.cause}`, danger.location,
      `<rect class="danger" x="${round(x(danger.start))}" y="${laneY(index) + 3}" width="${round(Math.max(x(danger.end) - x(danger.start), 3))}" height="${LANE_HEIGHT - 6}"/>`));
  }

  const killX = round(x(timeline.killAt));
  parts.push(event(`SIGKILL at ${formatSeconds(timeline.killAt)} (terminationGracePeriodSeconds ${timeline.grace.seconds}${timeline.grace.explicit ? '' : ', the default'})`, timeline.grace.location,
    `<line class="sigkill" x1="${killX}" y1="${AXIS_Y}" x2="${killX}" y2="${height - 6}"/>`
    + `<text class="sigkill-label" x="${round(x(timeline.killAt) - 4)}" y="${AXIS_Y + 12}" text-anchor="end">SIGKILL ${formatSeconds(timeline.killAt)}</text>`));

  const nonce = options.nonce ? ` nonce="${escape(options.nonce)}"` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="kg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="group" aria-label="${escape(`Shutdown timeline of ${timeline.title.replace(/`/g, '')}`)}">`,
    `<style${nonce}>${style}</style>`,
    '<defs><pattern id="kg-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line class="hatch" x1="0" y1="0" x2="0" y2="8"/></pattern></defs>',
    ...parts,
    '</svg>',
  ].join('\n');
}
