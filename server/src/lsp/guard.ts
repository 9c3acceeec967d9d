export type Log = (message: string) => void;

export function describeError(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

/**
 * Wraps a handler so that a bug in it costs one answer, not the session: the error is logged and
 * the client gets `fallback`. Async too, because a rejected promise from a notification handler
 * would otherwise end the process as an unhandled rejection.
 */
export function guarded<Args extends unknown[], Result>(
  log: Log,
  name: string,
  fallback: Result,
  handler: (...args: Args) => Result | Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      log(`${name} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}
