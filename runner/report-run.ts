/**
 * The report stage of the pipeline: the run's events → the chosen reporters (reports/registry.ts).
 *
 * The console reporter leads: its text is written as the run goes, to stdout (or stderr when a
 * report was given `-` and owns stdout). The others read the same events in the same pass
 * (reports/tee.ts, no event kept for later). A file report streams to a temporary file beside its
 * target as the run goes (runner/write-atomic.ts `AtomicFile`), so memory stays flat however many
 * cases run; the others are kept as UTF-8 (half the size of the strings, mostly two-byte: `›`).
 * Once the run is complete they are written in this order: stdout and stderr reports (after the
 * console text), reports appended to a file (`$GITHUB_STEP_SUMMARY`), then each file report's
 * temporary file renamed over its target. An interrupted run leaves no report and no temporary file.
 */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locate } from '../reports/locate';
import type { Reporter, RunEvent } from '../reports/events';
import { reporterEntry, type Destination, type JsonTrace, type ReporterChoice } from '../reports/registry';
import { ReportText } from '../reports/report-text';
import { tee } from '../reports/tee';
import type { Diagnostic } from './diagnostics';
import { describeFsError } from './fs-errors';
import { AtomicFile } from './write-atomic';

/** Where the report stage writes, and how it is stopped. */
export interface ReportOptions {
  /** The reporters and their destinations; at most one is the console, which streams. */
  choices: readonly ReporterChoice[];
  color: boolean;
  locate: Locate;
  cwd: string;
  /** JUnit testcases carry `file` and `line` attributes. Default: `false`. */
  junitFileAttributes?: boolean;
  /** Which cases of the JSON report carry the statement trace (`--json-trace`). Default: `'failures'`. */
  jsonTrace?: JsonTrace;
  stdout: (text: string) => void;
  /** Where a console moved off stdout writes. Default: `stdout`. */
  stderr?: (text: string) => void;
  /** Polled between batches of cases; true stops the run without writing reports. */
  interrupted?: () => boolean;
}

/** How the report stage ended. */
export type ReportResult = { kind: 'interrupted' } | { kind: 'unwritable'; diagnostic: Diagnostic } | { kind: 'written' };

/** Writes nothing: the lead of a run without a console report (the tee then reads the events for the others). */
const silent: Reporter = () => [];

/** The order in which buffered reports are written: streams, then appended files, then files. */
const writeOrder: Record<Destination['kind'], number> = { stdout: 0, stderr: 0, append: 1, file: 2 };

/** Feeds the events to the chosen reporters and writes their text; stops early when interrupted. */
export async function reportRun(events: Iterable<RunEvent>, options: ReportOptions): Promise<ReportResult> {
  const context = {
    color: options.color,
    locate: options.locate,
    cwd: options.cwd,
    junitFileAttributes: options.junitFileAttributes ?? false,
    jsonTrace: options.jsonTrace ?? 'failures',
  };
  const leads = options.choices.filter((c) => c.name === 'console');
  if (leads.length > 1) throw new Error(`at most one console report, not ${leads.length}`);
  const lead = leads[0];
  const stderr = options.stderr ?? options.stdout;
  const reports: { sink: ReportText | AtomicFile; choice: ReporterChoice }[] = [];
  for (const choice of options.choices) {
    if (choice === lead) continue;
    const d = choice.destination;
    reports.push({ sink: d.kind === 'file' ? AtomicFile.open(resolve(options.cwd, d.path)) : new ReportText(), choice });
  }
  const abort = (): void => reports.forEach((r) => r.sink instanceof AtomicFile && r.sink.abort());
  const stopped = (): ReportResult => {
    abort();
    return { kind: 'interrupted' };
  };
  const followers = reports.map((r) => ({
    reporter: reporterEntry(r.choice.name).create(context),
    write: (chunk: string) => r.sink.write(chunk),
  }));
  const out = new Batcher(lead?.destination.kind === 'stderr' ? stderr : options.stdout);
  let n = 0;
  try {
    for (const chunk of tee(events, lead ? reporterEntry(lead.name).create(context) : silent, followers)) {
      out.write(chunk);
      if (++n % 2000 === 0) {
        out.flush();
        // Let a pending SIGINT handler run.
        await new Promise((r) => setImmediate(r));
        if (options.interrupted?.()) return stopped();
      }
    }
  } catch (error) {
    abort(); // a bug in a reporter or the run: no half report, no temporary file left behind
    throw error;
  }
  out.flush();
  if (options.interrupted?.()) return stopped();
  const ordered = [...reports].sort((a, b) => writeOrder[a.choice.destination.kind] - writeOrder[b.choice.destination.kind]);
  for (const report of ordered) {
    const destination = report.choice.destination;
    const sink = report.sink;
    if (sink instanceof AtomicFile) {
      try {
        sink.commit();
        continue;
      } catch (e) {
        abort();
        return { kind: 'unwritable', diagnostic: unwritable(e, destination) };
      }
    }
    if (destination.kind === 'stdout' || destination.kind === 'stderr') {
      const write = destination.kind === 'stdout' ? options.stdout : stderr;
      for (const chunk of sink.chunks()) write(chunk);
      continue;
    }
    try {
      if (destination.kind === 'append') appendChunks(resolve(options.cwd, destination.path), sink.chunks());
    } catch (e) {
      abort();
      return { kind: 'unwritable', diagnostic: unwritable(e, destination) };
    }
  }
  return { kind: 'written' };
}

/** The REPORT_WRITE diagnostic of a report that could not be written. */
function unwritable(e: unknown, destination: Destination): Diagnostic {
  return {
    code: 'REPORT_WRITE',
    severity: 'error',
    message: (e as Error).message,
    file: 'path' in destination ? destination.path : destination.kind,
    help: 'check that the folder exists or can be created, and that you may write there',
  };
}

/**
 * Appends the text to a file, creating it when missing and never truncating it: a step summary
 * holds what earlier steps wrote. One write of the whole text, so a failure leaves the file as it was or
 * with the text appended, barring a full device midway.
 */
function appendChunks(path: string, chunks: Iterable<string>): void {
  try {
    appendFileSync(path, [...chunks].join(''), 'utf8');
  } catch (error) {
    throw new Error(`cannot append to \`${path}\`: ${describeFsError(error)}`, { cause: error });
  }
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
