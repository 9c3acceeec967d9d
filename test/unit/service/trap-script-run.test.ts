import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import rule from '../../../server/src/service/rules/shell/background-without-trap';
import { lint } from '../../support/rule-tester';

/**
 * The trap-based script kube-graceful writes is run for real, under dash (Debian's /bin/sh) and
 * bash: two background children, SIGTERM to the script, and then both children must have been
 * signalled and the script must have waited for them and exited promptly. (Only the test runs
 * anything; the service never does.)
 */

const shells = ['/bin/dash', '/usr/bin/dash', '/bin/bash', '/usr/bin/bash']
  .filter((candidate) => fs.existsSync(candidate))
  .filter((candidate, index, all) => all.findIndex((other) => path.basename(other) === path.basename(candidate)) === index);

/** The script the suggestion creates next to the Dockerfile, from `script`. */
function generatedScript(script: string): string {
  const dockerfile = 'FROM debian:12\nCOPY start.sh /usr/local/bin/\nCMD ["start.sh"]\n';
  const { findings } = lint(rule, script, { filename: 'start.sh', otherFiles: [{ filename: 'Dockerfile', code: dockerfile }] });
  assert.strictEqual(findings.length, 1, findings.map((finding) => finding.message).join('\n'));
  const newFiles = findings[0].suggestions[0]?.newFiles?.();
  assert.ok(newFiles?.length === 1, 'the suggestion creates one file');
  return newFiles[0].text;
}

/** Children of a process, from /proc (ppid is the 4th field of /proc/<pid>/stat, after the parenthesised name). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

function alive(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

interface Run {
  exitedAfterMs: number;
  childrenAliveAtExit: number[];
}

/** Runs the script, waits for its two children, sends it SIGTERM and watches it end. */
async function runAndStop(shell: string, text: string): Promise<Run> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-graceful-trap-'));
  const file = path.join(directory, 'start-graceful.sh');
  fs.writeFileSync(file, text);
  const child = spawn(shell, [file], { stdio: 'ignore' });
  const started: number[] = [];
  try {
    assert.ok(await until(() => childrenOf(child.pid!).length === 2, 3000), 'the script starts two background jobs');
    started.push(...childrenOf(child.pid!));
    const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(Date.now())));
    const sent = Date.now();
    child.kill('SIGTERM');
    const at = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5000))]);
    assert.ok(at > 0, `${shell} did not exit within 5 s of SIGTERM`);
    return { exitedAfterMs: at - sent, childrenAliveAtExit: started.filter(alive) };
  } finally {
    // Only what this test started, by pid.
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

describe('the generated trap-based entry script, run for real', function () {
  this.timeout(20000);
  let sleeps = '';
  let draining = '';
  before(function () {
    if (process.platform !== 'linux' || shells.length === 0) this.skip();
    sleeps = generatedScript('#!/bin/sh\nsleep 300 &\nsleep 301 &\nwait\n');
    // Children that take a second to finish after SIGTERM: the script must wait for them.
    // (A loop of short sleeps, so that nothing of theirs outlives them.)
    const drainer = `sh -c 'trap "sleep 1; exit 0" TERM; while :; do sleep 0.1; done'`;
    draining = generatedScript(`#!/bin/sh\n${drainer} &\n${drainer} &\nwait\n`);
  });

  it('keeps the PIDs and traps TERM', () => {
    assert.match(sleeps, /^sleep 300 &\nsleep_pid=\$!\nsleep 301 &\nsleep_pid_2=\$!\n/m);
    assert.match(sleeps, /\ntrap forward_stop_signal TERM INT\nwait\n$/);
  });

  for (const shell of shells) {
    it(`${path.basename(shell)}: both sleep children get SIGTERM and the script exits promptly`, async () => {
      const run = await runAndStop(shell, sleeps);
      assert.deepStrictEqual(run.childrenAliveAtExit, [], 'both children were signalled and are gone when the script exits');
      assert.ok(run.exitedAfterMs < 2000, `exited ${run.exitedAfterMs} ms after SIGTERM`);
    });

    it(`${path.basename(shell)}: the script waits for children that take a second to stop`, async () => {
      const run = await runAndStop(shell, draining);
      assert.deepStrictEqual(run.childrenAliveAtExit, [], 'the children finished before the script exited');
      assert.ok(run.exitedAfterMs >= 900 && run.exitedAfterMs < 4000, `exited ${run.exitedAfterMs} ms after SIGTERM`);
    });
  }
});
