import type { ServerId } from './servers';

/**
 * Servers whose graceful stop waits for open connections and running requests without any limit
 * by default (FACTS §7, §11): nginx (`worker_shutdown_timeout` unset), Apache httpd
 * (`GracefulShutdownTimeout` 0), HAProxy (`hard-stop-after` unset), Caddy (`grace_period` 0 =
 * eternal), Celery (warm shutdown, no time limit). Whatever kills them first ends their drain.
 */
export const UNBOUNDED_DRAIN_SERVERS: ReadonlySet<ServerId> = new Set<ServerId>(['nginx', 'httpd', 'haproxy', 'caddy', 'celery']);
