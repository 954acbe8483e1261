import { spawn } from 'node:child_process';

/** What a finished child process printed, and how it exited. */
export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs this Node binary with `args` in `cwd` (environment: ours plus `env`) and collects its output. */
export function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
