import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { timelineSvg, type PodTimeline } from '../../../server/src/service';
import { scenarioTimeline, timelineScenarios } from '../../support/timeline-scenarios';

/** What each seed scenario's timeline must say: when things happen, who gets the signal, where requests fail. */
function summary(timeline: PodTimeline) {
  return {
    killAt: timeline.killAt,
    lanes: timeline.containers.map((lane) => ({
      preStop: lane.preStop && [lane.preStop.start, lane.preStop.end, lane.preStop.outcome],
      signal: [lane.signal.at, lane.signal.label, lane.signal.receiver.kind],
      drain: [lane.drain.start, lane.drain.end, lane.drain.basis],
    })),
    dangers: timeline.dangers.map((danger) => [danger.start, danger.end, danger.summary]),
  };
}

const expected: Record<string, ReturnType<typeof summary>> = {
  'nginx-old-no-prestop': {
    killAt: 30,
    lanes: [{ preStop: undefined, signal: [0, 'SIGTERM', 'unknown'], drain: [0, 30, 'budget'] }],
    dangers: [[0, 5, 'stop signal while requests are still routed here'], [0, 30, 'SIGTERM means fast shutdown for nginx']],
  },
  'nginx-sigquit-prestop': {
    killAt: 30,
    lanes: [{ preStop: [0, 5, 'runs'], signal: [5, 'SIGQUIT', 'unknown'], drain: [5, 35, 'budget'] }],
    dangers: [],
  },
  'php-fpm-process-control-timeout': {
    killAt: 40,
    lanes: [{ preStop: [0, 5, 'runs'], signal: [5, 'SIGQUIT', 'unknown'], drain: [5, 25, 'set'] }],
    dangers: [],
  },
  'spring-30s-prestop-60s-grace': {
    killAt: 60,
    lanes: [{ preStop: [0, 30, 'runs'], signal: [30, 'SIGTERM?', 'server'], drain: [30, 60, 'set'] }],
    dangers: [],
  },
  'distroless-exec-sleep': {
    killAt: 30,
    lanes: [{ preStop: [0, 0, 'fails'], signal: [0, 'SIGTERM?', 'server'], drain: [0, 30, 'budget'] }],
    dangers: [[0, 5, 'stop signal while requests are still routed here']],
  },
};

const goldenDirectory = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'golden');

describe('pod timeline', () => {
  for (const scenario of timelineScenarios) {
    it(`models ${scenario.name}`, () => {
      assert.deepStrictEqual(summary(scenarioTimeline(scenario)), expected[scenario.name]);
    });

    it(`draws ${scenario.name} as its golden SVG (UPDATE_GOLDEN=1 rewrites it)`, () => {
      const svg = `${timelineSvg(scenarioTimeline(scenario))}\n`;
      const golden = path.join(goldenDirectory, `${scenario.name}.svg`);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, svg);
      assert.ok(fs.existsSync(golden), `no golden file ${golden}: run with UPDATE_GOLDEN=1`);
      assert.strictEqual(svg, fs.readFileSync(golden, 'utf8'));
    });
  }

  it('links every drawn element that has a source to its line, and every danger has a cause', () => {
    const timeline = scenarioTimeline(timelineScenarios[0]);
    const svg = timelineSvg(timeline);
    assert.match(svg, /aria-label="SIGKILL at 30 s \(terminationGracePeriodSeconds 30, the default\)" data-uri="file:\/\/\/workspace\/deploy\/web.yaml" data-line="12"/,
      'with the default grace period, the SIGKILL line links to the pod spec, where the setting would go');
    assert.strictEqual((svg.match(/<title>Requests fail/g) ?? []).length, timeline.dangers.length);
    assert.ok(!/NaN|undefined/.test(svg));
  });

  it('follows the image to its entry script: one without exec swallows the signal', () => {
    const files = {
      'deploy/web.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: registry.example.com/web:1\n',
      'web/Dockerfile': 'FROM debian:12\nCOPY start.sh /usr/local/bin/start.sh\nENTRYPOINT ["start.sh"]\n',
      'web/start.sh': '#!/bin/sh\nset -e\n/usr/local/bin/migrate\n/usr/local/bin/web --port 8080\n',
    };
    const lane = scenarioTimeline({ name: 'entry-script', files, manifest: 'deploy/web.yaml', line: 2 }).containers[0];
    assert.deepStrictEqual([lane.signal.receiver.kind, lane.signal.receiver.why], ['shell', 'the entry script `start.sh` runs its last command without `exec`']);
    const fixed = { ...files, 'web/start.sh': files['web/start.sh'].replace('/usr/local/bin/web', 'exec /usr/local/bin/web') };
    assert.strictEqual(scenarioTimeline({ name: 'entry-script', files: fixed, manifest: 'deploy/web.yaml', line: 2 }).containers[0].signal.receiver.kind, 'server');
  });

  it('escapes text and carries the view\'s nonce', () => {
    const timeline = scenarioTimeline(timelineScenarios[0]);
    const svg = timelineSvg({ ...timeline, title: 'Deployment `<web & "co">`' }, { nonce: 'abc' });
    assert.match(svg, /aria-label="Shutdown timeline of Deployment &lt;web &amp; &quot;co&quot;&gt;"/);
    assert.match(svg, /<style nonce="abc">/);
  });
});
