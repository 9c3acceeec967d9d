/**
 * Commands that do their work and return at once: a script whose last command is one of these
 * is not waiting on a server then, so putting `exec` before it would change nothing. Kept as data:
 * a new one is one entry here.
 */
const shortLived = new Set([
  // Shell builtins and file housekeeping.
  'echo', 'printf', 'true', 'false', ':', 'exit', 'return', 'set', 'export', 'unset', 'cd', 'test', '[', 'trap', 'kill',
  'wait', 'rm', 'cp', 'mv', 'mkdir', 'chmod', 'chown', 'chgrp', 'ln', 'touch', 'date', 'sync', 'cat', 'ls', 'sed', 'envsubst',
  // Service managers start or stop a daemon and return.
  'service', 'rc-service', 'systemctl', 'supervisorctl', 'apachectl', 'apache2ctl', 'update-ca-certificates',
]);

/** The base name of a program: "/usr/sbin/nginx" → "nginx". */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True for a program that returns at once (`echo`, `service nginx start`, `/etc/init.d/cron start`). */
export function isShortLived(program: string): boolean {
  return shortLived.has(baseName(program)) || program.startsWith('/etc/init.d/');
}
