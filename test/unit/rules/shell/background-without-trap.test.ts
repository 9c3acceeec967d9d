import * as assert from 'assert';
import rule from '../../../../server/src/service/rules/shell/background-without-trap';
import { applyEdits } from '../../../../server/src/service';
import { fileUri, lint, testRule } from '../../../support/rule-tester';

/** php-fpm and nginx in one image: php:*-fpm stops with SIGQUIT. */
const phpNginx = [{ filename: 'Dockerfile', code: 'FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y nginx\nCOPY start.sh /usr/local/bin/\nCMD ["start.sh"]\n' }];

const forwardBlock = (indent: string, kills: string[], pids: string, signals: string) => [
  '# Pass the stop signal on to the background jobs, then wait for them to finish.',
  'forward_stop_signal() {',
  ...kills.map((kill) => `${indent}${kill} 2>/dev/null || true`),
  `${indent}wait ${pids}`,
  '}',
  `trap forward_stop_signal ${signals}`,
].join('\n');

testRule(rule, {
  valid: [
    {
      name: 'a trap function that forwards and waits, set before the wait',
      filename: 'start.sh',
      code: '#!/bin/sh\nphp-fpm &\nfpm=$!\nnginx -g "daemon off;" &\nweb=$!\nforward() {\n  kill -QUIT $fpm $web\n  wait $fpm $web\n}\ntrap forward TERM INT QUIT\nwait\n',
      otherFiles: phpNginx,
    },
    { name: 'the classic one-line trap', code: "#!/bin/sh\ntrap 'kill -TERM $pid; wait $pid' TERM INT\nnode server.js &\npid=$!\nwait $pid\n" },
    {
      name: 'a trap that only kills, and a second wait in the main flow',
      code: '#!/bin/bash\n_term() {\n  kill -TERM "$child" 2>/dev/null\n}\ntrap _term SIGTERM\nnode server.js &\nchild=$!\nwait "$child"\nwait "$child"\n',
    },
    {
      name: 'waiting in a loop until the job is gone',
      code: "#!/bin/sh\ntrap 'kill -TERM $pid' TERM\nserver &\npid=$!\nwhile kill -0 $pid 2>/dev/null; do\n  wait $pid\ndone\n",
    },
    { name: 'a trap that asks nginx to quit and waits', code: "#!/bin/sh\ntrap 'nginx -s quit; wait' TERM\nnginx -g 'daemon off;' &\nwait\n" },
    { name: 'a trap action we cannot read', code: '#!/bin/sh\ntrap "$ON_STOP" TERM\nserver &\nwait\n' },
    { name: 'bash wait -n with a trap', code: "#!/bin/bash\ntrap 'kill -TERM $(jobs -p); wait' TERM\ngunicorn app:app &\ncelery -A app worker &\nwait -n\n" },
    {
      name: 'the image stops with SIGQUIT and the trap handles QUIT',
      filename: 'start.sh',
      code: "#!/bin/sh\ntrap 'kill -QUIT $fpm; wait $fpm' QUIT TERM\nphp-fpm -F &\nfpm=$!\nwait $fpm\n",
      otherFiles: phpNginx,
    },
    { name: 'a build script with parallel steps', filename: 'build.sh', code: '#!/bin/sh\nnpm run build:css &\nnpm run build:js &\nwait\n' },
    { name: 'background jobs, then exec: docker/no-init\'s', code: '#!/bin/sh\ncrond -f &\nexec nginx -g "daemon off;"\n' },
    { name: 'a keep-alive: keepalive-loop\'s', code: '#!/bin/sh\nnode api.js &\ntail -f /dev/null\n' },
    { name: 'jobs and nothing that waits: the container ends', code: '#!/bin/sh\nnode api.js &\necho started\n' },
    { name: 'a job in a function nobody calls', code: '#!/bin/sh\nstart_worker() {\n  node worker.js &\n}\nexec node server.js\n' },
    { name: 'an s6 finish script', filename: 'services.d/app/finish', code: '#!/bin/sh\ns6-svscanctl -t /var/run/s6/services &\nwait\n' },
  ],
  invalid: [
    {
      name: 'php-fpm and nginx in the background; the image stops with SIGQUIT',
      filename: 'start.sh',
      code: '#!/bin/sh\nphp-fpm &\nnginx -g "daemon off;" &\nwait\n^^^^ shell/background-without-trap\n',
      otherFiles: phpNginx,
      messages: [['`php-fpm` (line 2) and `nginx` (line 3) run in the background', 'waits for them (line 4)', 'no trap passes SIGQUIT on', 'start.sh is the CMD of workspace/Dockerfile (line 4)']],
      severities: ['warning'],
      fixSafety: 'unsafe',
      output: `#!/bin/sh\nphp-fpm &\nphp_fpm_pid=$!\nnginx -g "daemon off;" &\nnginx_pid=$!\n${forwardBlock('  ', ['kill -QUIT $php_fpm_pid $nginx_pid'], '$php_fpm_pid $nginx_pid', 'TERM INT QUIT')}\nwait\n`,
    },
    {
      name: 'the trap kills without waiting: wait again',
      code: "#!/bin/sh\ntrap 'kill -TERM $pid' TERM INT\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/background-without-trap\nnode server.js &\npid=$!\nwait \"$pid\"\n",
      messages: [['the trap on line 2 signals it without waiting', 'the kernel kills the server']],
      severities: ['hint'],
      output: "#!/bin/sh\ntrap 'kill -TERM $pid' TERM INT\nnode server.js &\npid=$!\nwait \"$pid\"\n"
        + '# The stop signal interrupts the wait above: wait again until the jobs have finished.\nwait\n',
    },
    {
      name: 'the trap is set after the wait',
      code: "#!/bin/sh\nnode server.js &\npid=$!\nwait $pid\ntrap 'kill $pid; wait $pid' TERM\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/background-without-trap\n",
      messages: [['the trap on line 5 is set only after that, too late']],
      output: `#!/bin/sh\nnode server.js &\npid=$!\n${forwardBlock('  ', ['kill -TERM $pid'], '$pid', 'TERM INT')}\nwait $pid\ntrap 'kill $pid; wait $pid' TERM\n`,
    },
    {
      name: 'the trap misses the image\'s SIGQUIT: added',
      filename: 'entrypoint.sh',
      code: "#!/bin/sh\ntrap 'kill -QUIT $fpm; wait $fpm' TERM INT\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/background-without-trap\nphp-fpm -F &\nfpm=$!\nwait $fpm\n",
      otherFiles: [{ filename: 'Dockerfile', code: 'FROM php:8.3-fpm\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n' }],
      messages: [['handles TERM, INT, not QUIT', 'ENTRYPOINT of workspace/Dockerfile (line 3)']],
      output: "#!/bin/sh\ntrap 'kill -QUIT $fpm; wait $fpm' TERM INT QUIT\nphp-fpm -F &\nfpm=$!\nwait $fpm\n",
    },
    {
      name: 'a trap that ignores the signal',
      code: "#!/bin/sh\ntrap '' TERM\n^^^^^^^^^^^^ shell/background-without-trap\nnode a.js &\nnode b.js &\nwait\n",
      messages: [['ignores the signal']],
      output: `#!/bin/sh\ntrap '' TERM\nnode a.js &\nnode_pid=$!\nnode b.js &\nnode_pid_2=$!\n${forwardBlock('  ', ['kill -TERM $node_pid $node_pid_2'], '$node_pid $node_pid_2', 'TERM INT')}\nwait\n`,
    },
    {
      name: 'the last server in the foreground becomes a job that the script waits for',
      code: "#!/bin/sh\nset -e\nphp-fpm &\nnginx -g 'daemon off;'\n^^^^^^^^^^^^^^^^^^^^^^ shell/background-without-trap\n",
      messages: [['`php-fpm` (line 3) runs in the background and `nginx` runs in the foreground (line 4)', 'the servers are SIGKILLed']],
      output: `#!/bin/sh\nset -e\nphp-fpm &\nphp_fpm_pid=$!\n${forwardBlock('  ', ['kill -QUIT $php_fpm_pid $nginx_pid'], '$php_fpm_pid $nginx_pid', 'TERM INT QUIT')}\n`
        + "nginx -g 'daemon off;' &\nnginx_pid=$!\nwait $nginx_pid\n",
    },
    {
      name: 'a good trap cannot run while a server runs in the foreground',
      code: "#!/bin/sh\ntrap 'kill -QUIT $fpm; wait $fpm' TERM\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/background-without-trap\nphp-fpm & fpm=$!\nnginx -g 'daemon off;' # the web server\n",
      messages: [['cannot run until the foreground command returns']],
      output: `#!/bin/sh\ntrap 'kill -QUIT $fpm; wait $fpm' TERM\nphp-fpm & fpm=$!\n${forwardBlock('  ', ['kill -QUIT $fpm $nginx_pid'], '$fpm $nginx_pid', 'TERM INT QUIT')}\n`
        + "nginx -g 'daemon off;' & # the web server\nnginx_pid=$!\nwait $nginx_pid\n",
    },
    {
      name: 'the script indents with tabs; bash wait -n is kept',
      code: '#!/bin/bash\nsetup() {\n\tmkdir -p /run/app\n}\nsetup\ngunicorn app:app &\ncelery -A app worker &\nwait -n\n^^^^^^^ shell/background-without-trap\n',
      output: `#!/bin/bash\nsetup() {\n\tmkdir -p /run/app\n}\nsetup\ngunicorn app:app &\ngunicorn_pid=$!\ncelery -A app worker &\ncelery_pid=$!\n${forwardBlock('\t', ['kill -TERM $gunicorn_pid $celery_pid'], '$gunicorn_pid $celery_pid', 'TERM INT')}\nwait -n\n`,
    },
    {
      name: 'names already in use are not reused; "$@" in the background gets TERM',
      code: '#!/bin/sh\nnginx_pid=none\nnginx &\n"$@" &\nwait\n^^^^ shell/background-without-trap\n',
      messages: [['`nginx` (line 3) and `"$@"` (line 4)']],
      output: `#!/bin/sh\nnginx_pid=none\nnginx &\nnginx_pid_2=$!\n"$@" &\njob_pid=$!\n${forwardBlock('  ', ['kill -QUIT $nginx_pid_2', 'kill -TERM $job_pid'], '$nginx_pid_2 $job_pid', 'TERM INT QUIT')}\nwait\n`,
    },
    {
      name: 'a trap that signals and exits: the watchdog loop\'s wait never runs again',
      code: '#!/bin/sh\n/app/api &\nGO_PID=$!\nnginx -g "daemon off;" &\nNGINX_PID=$!\ntrap "kill -TERM $GO_PID $NGINX_PID; exit 0" SIGTERM SIGINT\n'
        + '^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/background-without-trap\n'
        + 'while true; do\n  if ! kill -0 $GO_PID 2>/dev/null; then\n    wait $GO_PID\n    exit 1\n  fi\n  sleep 1\ndone\n',
      messages: [['signals them without waiting', 'the kernel kills the servers in the middle of their shutdown']],
      output: null,
    },
    {
      name: 'jobs and wait on one line: no mechanical fix',
      code: '#!/bin/sh\nnode a.js & node b.js & wait\n#                       ^^^^ shell/background-without-trap\n',
      output: null,
    },
    {
      name: 'a job inside an if: no mechanical fix',
      code: '#!/bin/sh\nif [ -n "$WORKER" ]; then\n  node worker.js &\nfi\nnode server.js &\nwait\n^^^^ shell/background-without-trap\n',
      output: null,
    },
  ],
});

describe('shell/background-without-trap: a new trap-based script next to the Dockerfile', () => {
  const script = '#!/bin/sh\nphp-fpm &\nnginx -g "daemon off;" &\nwait\n';
  const dockerfile = 'FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y nginx\nCOPY start.sh /usr/local/bin/\nCMD ["start.sh"]\n';

  it('creates start-graceful.sh beside the Dockerfile, copies it onto the PATH and makes it the CMD', () => {
    const { findings } = lint(rule, script, { filename: 'php/start.sh', otherFiles: [{ filename: 'php/Dockerfile', code: dockerfile }] });
    const [suggestion] = findings[0].suggestions;
    assert.strictEqual(suggestion.title, 'Write a trap-based start-graceful.sh next to php/Dockerfile and make it the CMD');
    assert.strictEqual(suggestion.safety, 'unsafe');
    const [created] = suggestion.newFiles!();
    assert.strictEqual(created.uri, fileUri('php/start-graceful.sh'));
    assert.strictEqual(created.text, '#!/bin/sh\n'
      + '# Made by kube-graceful from start.sh: the same commands, with the stop signal passed on to the background jobs.\n'
      + `php-fpm &\nphp_fpm_pid=$!\nnginx -g "daemon off;" &\nnginx_pid=$!\n${forwardBlock('  ', ['kill -QUIT $php_fpm_pid $nginx_pid'], '$php_fpm_pid $nginx_pid', 'TERM INT QUIT')}\nwait\n`);
    const edits = suggestion.edits();
    assert.deepStrictEqual(Object.keys(edits), [fileUri('php/Dockerfile')]);
    assert.strictEqual(applyEdits(dockerfile, edits[fileUri('php/Dockerfile')]),
      'FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y nginx\nCOPY start.sh /usr/local/bin/\n'
      + 'COPY --chmod=755 start-graceful.sh /usr/local/bin/start-graceful.sh\nCMD ["start-graceful.sh"]\n');
    // The script the Dockerfile now runs is clean; the old one is left as it was, and no longer run.
    const after = lint(rule, created.text, { filename: 'php/start-graceful.sh', otherFiles: [
      { filename: 'php/Dockerfile', code: applyEdits(dockerfile, edits[fileUri('php/Dockerfile')]) }, { filename: 'php/start.sh', code: script }] });
    assert.deepStrictEqual(after.findings.map((finding) => finding.message), []);
  });

  it('points a shell-form ENTRYPOINT word at the new script, under its WORKDIR', () => {
    const shellForm = 'FROM php:8.3-fpm\nWORKDIR /app\nCOPY . .\nENTRYPOINT ./start.sh\n';
    const { findings } = lint(rule, script, { filename: 'start.sh', otherFiles: [{ filename: 'Dockerfile', code: shellForm }] });
    const edits = findings[0].suggestions[0].edits()[fileUri('Dockerfile')];
    assert.strictEqual(applyEdits(shellForm, edits), 'FROM php:8.3-fpm\nWORKDIR /app\nCOPY . .\nCOPY --chmod=755 start-graceful.sh /app/start-graceful.sh\nENTRYPOINT ./start-graceful.sh\n');
  });

  it('offers no new script when the instruction names the script twice', () => {
    const twice = 'FROM php:8.3-fpm\nCOPY start.sh /start.sh\nCMD ["sh", "-c", "chmod +x /start.sh && /start.sh"]\n';
    const { findings } = lint(rule, script, { filename: 'start.sh', otherFiles: [{ filename: 'Dockerfile', code: twice }] });
    assert.strictEqual(findings.length, 1);
    assert.deepStrictEqual(findings[0].suggestions, []);
  });

  it('offers none without a Dockerfile that runs the script', () => {
    const { findings } = lint(rule, script, { filename: 'entrypoint.sh' });
    assert.deepStrictEqual(findings[0].suggestions, []);
  });
});
