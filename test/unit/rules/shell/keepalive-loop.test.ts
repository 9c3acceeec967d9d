import rule from '../../../../server/src/service/rules/shell/keepalive-loop';
import { testRule } from '../../../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'a trap that forwards and waits, and a background keep-alive it can interrupt',
      code: "#!/bin/sh\nnode api.js &\napi=$!\ntrap 'kill -TERM $api; wait $api' TERM INT\nsleep infinity &\nwait $!\n",
    },
    {
      name: 'a loop of one-second sleeps lets a forwarding trap run',
      code: "#!/bin/sh\nnode api.js &\napi=$!\ntrap 'kill -TERM $api; wait $api; exit 0' TERM\nwhile :; do sleep 1; done\n",
    },
    { name: 'waiting for the jobs is not a keep-alive', code: "#!/bin/sh\ntrap 'kill $a; wait' TERM\nnode a.js &\na=$!\nwhile true; do wait; done\n" },
    { name: 'a development helper that follows a log', filename: 'logs.sh', code: '#!/bin/sh\ntail -f /var/log/app.log\n' },
    { name: 'a short sleep at the end is no keep-alive', code: '#!/bin/sh\nnginx\nsleep 5\n' },
    { name: 'a polling loop that ends is no keep-alive', code: '#!/bin/sh\nuntil pg_isready; do sleep 1; done\nexec node server.js\n' },
    { name: 'a keep-alive in the middle, then exec', code: '#!/bin/sh\nexec node server.js\n' },
    { name: 'background jobs and wait are background-without-trap\'s', code: '#!/bin/sh\nnode api.js &\nwait\n' },
    {
      name: 'a CI script that waits for a service',
      filename: '.github/scripts/wait-db.sh',
      code: '#!/bin/bash\nwhile true; do\n  pg_isready && break\n  sleep 2\ndone\n',
    },
  ],
  invalid: [
    {
      name: 'daemons and tail -f /dev/null: no mechanical fix',
      code: '#!/bin/sh\nphp-fpm -D\nnginx\ntail -f /dev/null\n^^^^^^^^^^^^^^^^^ shell/keepalive-loop\n',
      messages: [['`tail -f /dev/null` (line 4) keeps the container alive while the servers run on their own', 'no trap passes SIGTERM on']],
      severities: ['hint'],
      output: null,
    },
    {
      name: 'background jobs and an endless loop: wait for the jobs, with a trap',
      code: '#!/bin/bash\nnode api.js &\nnode worker.js &\nwhile true; do sleep 60; done\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/keepalive-loop\n',
      messages: [['`while true; do sleep 60; done` (line 4)', '`node` (line 2) and `node` (line 3) run in the background']],
      fixSafety: 'unsafe',
      output: '#!/bin/bash\nnode api.js &\nnode_pid=$!\nnode worker.js &\nnode_pid_2=$!\n'
        + '# Pass the stop signal on to the background jobs, then wait for them to finish.\nforward_stop_signal() {\n'
        + '  kill -TERM $node_pid $node_pid_2 2>/dev/null || true\n  wait $node_pid $node_pid_2\n}\ntrap forward_stop_signal TERM INT\n'
        + 'wait $node_pid $node_pid_2\n',
    },
    {
      name: 'exec tail: tail is PID 1 and ignores SIGTERM there',
      filename: 'docker-entrypoint.sh',
      code: '#!/bin/sh\nservice cron start\nservice nginx start\nexec tail -f /var/log/nginx/access.log\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/keepalive-loop\n',
      otherFiles: [{ filename: 'Dockerfile', code: 'FROM debian:12\nCOPY docker-entrypoint.sh /\nENTRYPOINT ["/docker-entrypoint.sh"]\n' }],
      messages: [['replaces the shell as PID 1', 'docker-entrypoint.sh is the ENTRYPOINT of workspace/Dockerfile (line 3)']],
      severities: ['warning'],
      output: null,
    },
    {
      name: 'a forwarding trap held back by sleep infinity in the foreground: wait for the job instead',
      code: "#!/bin/sh\nnode api.js &\napi=$!\ntrap 'kill -TERM $api; wait $api' TERM INT\nsleep infinity\n^^^^^^^^^^^^^^ shell/keepalive-loop\n",
      messages: [['the trap on line 4 cannot run until the foreground command returns']],
      output: "#!/bin/sh\nnode api.js &\napi=$!\ntrap 'kill -TERM $api; wait $api' TERM INT\nwait $api\n",
    },
    {
      name: 'sleep infinity in the background, waited for, without a trap',
      code: '#!/bin/sh\nnginx\nsleep infinity &\n^^^^^^^^^^^^^^ shell/keepalive-loop\nwait\n',
      output: null,
    },
    {
      name: 'an until-false loop with hour-long sleeps, marked on its first line',
      code: '#!/bin/sh\ncrond\nuntil false; do\n^^^^^^^^^^^^^^^ shell/keepalive-loop\n  sleep 3600\ndone\n',
      messages: [['`until false; do` (line 3)']],
      output: null,
    },
    {
      name: 'a loop that polls the jobs ends with the first of them: no fix that would wait for all',
      code: '#!/bin/sh\nset -eu\napp serve &\napp_pid=$!\nnginx -g "daemon off;" &\nweb=$!\nwhile kill -0 "$app_pid" && kill -0 "$web"; do\n'
        + '^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/keepalive-loop\n  sleep 2\ndone\nkill "$app_pid" "$web" || true\nexit 1\n',
      messages: [['`app` (line 3) and `nginx` (line 5) run in the background', 'no trap passes SIGTERM on']],
      output: null,
    },
    {
      name: 'a trap with a loop of long sleeps still waits up to a minute',
      code: "#!/bin/sh\nnode api.js &\napi=$!\ntrap 'kill -TERM $api; wait $api' TERM\nwhile :; do sleep 60; done\n^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/keepalive-loop\n",
      output: "#!/bin/sh\nnode api.js &\napi=$!\ntrap 'kill -TERM $api; wait $api' TERM\nwait $api\n",
    },
  ],
});
