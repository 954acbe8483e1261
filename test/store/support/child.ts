import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running child process (TypeScript, through `node --import tsx`) and its stdout lines. */
export interface Child {
  /** Resolves with the first stdout line matching `test`. */
  waitForLine(test: (line: string) => boolean): Promise<string>;
  /** Resolves with the exit code (or the signal) once it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
}

/** Runs `test/store/support/<script>` in a new Node process with `args`. */
export function runChild(script: string, args: string[]): Child {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    waitForLine: (test) =>
      new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        exited.then(({ code, signal }) =>
          reject(new Error(`child exited (${code ?? signal}) before the expected line; stderr: ${stderr}`)),
        );
      }),
    exited,
    kill: (signal) => child.kill(signal),
    send: (line) => child.stdin.write(`${line}\n`),
  };
}
