/**
 * The report stage of the pipeline: the run's events → the chosen reporters (reports/registry.ts).
 *
 * The reporter whose destination is stdout leads (its text is written as the run goes); the
 * others read the same events in the same pass (reports/tee.ts, no event kept for later) and
 * their text goes to a temporary file beside its target as the run goes (runner/write-atomic.ts
 * `AtomicFile`), renamed over the target once the run is complete: memory stays flat however
 * many cases run, and an interrupted run leaves no report.
 */
import { resolve } from 'node:path';
import type { Locate } from '../reports/locate';
import type { RunEvent } from '../reports/events';
import { reporterEntry, type ReporterChoice } from '../reports/registry';
import { tee } from '../reports/tee';
import type { Diagnostic } from './diagnostics';
import { AtomicFile } from './write-atomic';

/** Where the report stage writes, and how it is stopped. */
export interface ReportOptions {
  /** The reporters and their destinations; exactly one has stdout as its destination. */
  choices: readonly ReporterChoice[];
  color: boolean;
  locate: Locate;
  cwd: string;
  stdout: (text: string) => void;
  /** Polled between batches of cases; true stops the run without writing reports. */
  interrupted?: () => boolean;
}

/** How the report stage ended. */
export type ReportResult = { kind: 'interrupted' } | { kind: 'unwritable'; diagnostic: Diagnostic } | { kind: 'written' };

/** Feeds the events to the chosen reporters and writes their files; stops early when interrupted. */
export async function reportRun(events: Iterable<RunEvent>, options: ReportOptions): Promise<ReportResult> {
  const context = { color: options.color, locate: options.locate };
  const leads = options.choices.filter((c) => c.destination.kind === 'stdout');
  if (leads.length !== 1) throw new Error(`one reporter writes to stdout, not ${leads.length}`);
  const reports: { path: string; file: AtomicFile; choice: ReporterChoice }[] = [];
  for (const choice of options.choices) {
    if (choice.destination.kind !== 'file') continue;
    const path = choice.destination.path;
    reports.push({ path, file: AtomicFile.open(resolve(options.cwd, path)), choice });
  }
  const abort = (): void => reports.forEach((r) => r.file.abort());
  const followers = reports.map((r) => ({
    reporter: reporterEntry(r.choice.name).create(context),
    write: (chunk: string) => r.file.write(chunk),
  }));
  const out = new Batcher(options.stdout);
  let n = 0;
  try {
    for (const chunk of tee(events, reporterEntry(leads[0]!.name).create(context), followers)) {
      out.write(chunk);
      if (++n % 2000 === 0) {
        out.flush();
        // Let a pending SIGINT handler run.
        await new Promise((r) => setImmediate(r));
        if (options.interrupted?.()) {
          abort();
          return { kind: 'interrupted' };
        }
      }
    }
  } catch (error) {
    abort(); // a bug in a reporter or the run: no half report, no temporary file left behind
    throw error;
  }
  out.flush();
  if (options.interrupted?.()) {
    abort();
    return { kind: 'interrupted' };
  }
  for (const report of reports) {
    try {
      report.file.commit();
    } catch (e) {
      abort();
      const diagnostic: Diagnostic = {
        code: 'REPORT_WRITE',
        severity: 'error',
        message: (e as Error).message,
        file: report.path,
        help: 'check that the folder exists or can be created, and that you may write there',
      };
      return { kind: 'unwritable', diagnostic };
    }
  }
  return { kind: 'written' };
}

/** Gathers small writes into large ones (one write per case line would dominate big runs). */
class Batcher {
  private pending = '';
  constructor(private readonly sink: (text: string) => void) {}
  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= 64 * 1024) this.flush();
  }
  flush(): void {
    if (this.pending !== '') this.sink(this.pending);
    this.pending = '';
  }
}
