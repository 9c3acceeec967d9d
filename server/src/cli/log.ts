/**
 * Messages for stderr, each printed once: the fix loop re-analyses the same files several times
 * and would repeat a failing rule's message on every pass.
 */
export class StderrLog {
  private readonly printed = new Set<string>();
  /** Something could not be read or written: the run is incomplete, which exits with 2. */
  failed = false;

  constructor(private readonly stderr: NodeJS.WritableStream) {}

  /** Something went wrong that the run survives; the exit code is the findings'. */
  warn(message: string): void {
    if (this.printed.has(message)) return;
    this.printed.add(message);
    this.stderr.write(`kube-graceful: ${message}\n`);
  }

  error(message: string): void {
    this.failed = true;
    this.warn(message);
  }
}
