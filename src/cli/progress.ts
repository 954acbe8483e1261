/**
 * Progress of a long command (provision, activate): a cli-progress bar with count, rate and ETA on a
 * terminal; on anything else (a pipe, a CI log) a plain line every few seconds. Always on stderr, so
 * `--json` output on stdout stays clean.
 *
 * @module
 */
import cliProgress from 'cli-progress';

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is being counted, e.g. `'provision'`. */
  label: string;
  /** The total, when known (enables percentage and ETA). */
  total?: number;
  /** Where to write. Default `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Plain-line period when not on a terminal, in ms. Default 2,000. */
  intervalMs?: number;
  /** Force (`true`) or suppress (`false`) the bar; default: the stream is a TTY. */
  tty?: boolean;
  /** The clock, in ms (tests). Default `Date.now`. */
  now?: () => number;
}

/** A running progress display. */
export interface Progress {
  /** Sets the count done so far; `detail` is a short summary such as `created 10, failed 1`. */
  update(done: number, detail?: string): void;
  /** Prints the last state and releases the terminal line. */
  stop(): void;
}

/** Starts a progress display; see the module note. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  return tty ? barProgress(options, stream) : lineProgress(options, stream);
}

function barProgress(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const total = options.total ?? 0;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${options.label} {bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | {detail}`,
      etaBuffer: 50,
      fps: 5,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '0.0', detail: '' });
  let last = 0;
  return {
    update(done, detail = '') {
      last = done;
      if (done > total) bar.setTotal(done);
      bar.update(done, { rate: formatRate(done, now() - started), detail });
    },
    stop() {
      bar.update(last, { rate: formatRate(last, now() - started) });
      bar.stop();
    },
  };
}

function lineProgress(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 2_000;
  const started = now();
  let lastPrinted = started;
  let done = 0;
  let detail = '';
  let printedDone = -1;
  const print = () => {
    printedDone = done;
    stream.write(`${progressLine(options.label, done, options.total, now() - started, detail)}\n`);
  };
  return {
    update(value, text = '') {
      done = value;
      detail = text;
      if (now() - lastPrinted >= interval) {
        lastPrinted = now();
        print();
      }
    },
    stop() {
      if (printedDone !== done) print();
    },
  };
}

/** One plain progress line: `label: 120/5000 (2%) 40.0/s ETA 2m2s created 120`. Pure, for tests. */
export function progressLine(
  label: string,
  done: number,
  total: number | undefined,
  elapsedMs: number,
  detail = '',
): string {
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  let text = `${label}: ${done}`;
  if (total !== undefined && total > 0) {
    text += `/${total} (${Math.floor((done / total) * 100)}%) ${rate.toFixed(1)}/s`;
    if (rate > 0 && done < total) text += ` ETA ${formatDuration(((total - done) / rate) * 1000)}`;
  } else {
    text += ` ${rate.toFixed(1)}/s`;
  }
  return detail ? `${text} ${detail}` : text;
}

/** `1h2m`, `3m25s`, `42s`: a duration in ms, for humans. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

function formatRate(done: number, elapsedMs: number): string {
  return elapsedMs > 0 ? (done / (elapsedMs / 1000)).toFixed(1) : '0.0';
}
