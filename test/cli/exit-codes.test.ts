// End-to-end: exit codes, one-line errors, and no secret in any output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliFixture, cliFixture, runCli } from './helpers.js';

let fx: CliFixture;
beforeAll(async () => {
  fx = await cliFixture({ sims: 5 });
});
afterAll(async () => {
  await fx.close();
});

describe('sft-endpoints exit codes and errors', () => {
  it('exits 0 with help and version', async () => {
    const help = await fx.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('provision');
    expect(help.stdout).toContain('Exit codes');
    expect((await fx.run(['--version'])).code).toBe(0);
  });

  it('exits 2 on an unknown command or flag', async () => {
    expect((await fx.run(['frobnicate'])).code).toBe(2);
    expect((await fx.run(['list', '--no-such-flag'])).code).toBe(2);
    expect((await fx.run(['provision'])).code).toBe(2); // --input is required
    expect((await fx.run(['--max-tps', 'fast', 'report'])).code).toBe(2);
  });

  it('exits 2 with one readable line for a bad store spec', async () => {
    const run = await fx.run(['report', '--store', 'mongodb://nope']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'sft-endpoints report: Unknown store "mongodb://nope": use memory, json:PATH, sqlite:PATH or a postgres:// URL.',
    );
  });

  it('exits 2 when credentials are missing, naming the variables to set', async () => {
    const input = fx.write('one.csv', 'iccid\n8932042047700000018\n');
    const run = await runCli(['provision', '--input', input], { PATH: process.env.PATH }, fx.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SFT_USERNAME');
    expect(run.stderr).toContain('SFT_PASSWORD');
  });

  it('treats a set-but-empty SFT_PASSWORD as missing and names the variable to set', async () => {
    const input = fx.write('one-empty.csv', 'iccid\n8932042047700000018\n');
    const run = await fx.run(['provision', '--input', input], { env: { SFT_PASSWORD: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'sft-endpoints provision: This command talks to SFT: set SFT_PASSWORD (or --password).',
    );
  });

  it('exits 2 without sending anything when provision has no roaming profile id', async () => {
    const input = fx.write('no-roaming.csv', `iccid\n${fx.sim.sim.listSims()[0]?.iccid}\n`);
    const before = fx.sim.sim.counters();
    const run = await fx.run(['provision', '--input', input], { env: { SFT_ROAMING_PROFILE_ID: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(
      /^sft-endpoints provision: Set SFT_ROAMING_PROFILE_ID \(or --roaming-profile-id\)/,
    );
    expect(fx.sim.sim.counters().logins).toBe(before.logins);
    expect(fx.sim.sim.counters().createCallsByIccid).toEqual(before.createCallsByIccid);
  });

  it('stops quietly, without a stack trace, when the reader closes stdout early (| head)', async () => {
    const run = await fx.run(['--store', 'memory', 'list', '--json'], {
      onSpawn: (child) => child.stdout?.destroy(),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('EPIPE');
  });

  it('exits 2 for a missing input file or a CSV without an iccid column, before logging in', async () => {
    const logins = fx.sim.sim.counters().logins;
    const missing = await fx.run(['provision', '--input', 'nope.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.csv: no such file.');
    const noColumn = await fx.run(['provision', '--input', fx.write('bad.csv', 'name\nfoo\n')]);
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr).toContain('must have an "iccid" column');
    expect(fx.sim.sim.counters().logins).toBe(logins);
  });

  it('exits 2 on refused credentials and never prints the password, even with --verbose', async () => {
    const input = fx.write('sims.csv', 'iccid\n8932042047700000018\n');
    const password = 'Sup3r-Secret-Pa55';
    for (const extra of [[], ['--verbose']]) {
      const run = await fx.run(['provision', '--input', input, ...extra], {
        env: { SFT_PASSWORD: password },
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^sft-endpoints provision: SftAuthError: .*Check the credentials/m);
      expect(run.stderr + run.stdout).not.toContain(password);
    }
    const flag = await fx.run(['--password', password, '--verbose', 'provision', '--input', input]);
    expect(flag.code).toBe(2);
    expect(flag.stderr + flag.stdout).not.toContain(password);
  });
});

describe('sft-endpoints sim', () => {
  it('exits 2 naming the port and what to do when the port is taken', async () => {
    const port = new URL(fx.sim.url).port;
    const run = await runCli(['sim', '--port', port, '--sims', '1'], { PATH: process.env.PATH }, fx.dir);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      `sft-endpoints sim: Cannot listen on 127.0.0.1:${port} (EADDRINUSE): pass another --port, or --port 0 for any free one.`,
    );
  });

  it('prints its URL and demo credentials as JSON, serves the SDK, and stops cleanly on SIGTERM', async () => {
    let info: { url: string; username: string; password: string } | undefined;
    let loginBody: unknown;
    const run = await runCli(
      ['sim', '--port', '0', '--sims', '3', '--json'],
      { PATH: process.env.PATH },
      fx.dir,
      (child) => {
        let buffered = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          if (info === undefined && buffered.includes('\n')) {
            info = JSON.parse(buffered.split('\n')[0] as string);
            fetch(`${info?.url}/api/login`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ username: info?.username, password: info?.password }),
            })
              .then((r) => r.json())
              .then(
                (body) => {
                  loginBody = body;
                  child.kill('SIGTERM');
                },
                () => child.kill('SIGTERM'),
              );
          }
        });
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(info?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info?.username).toBe('demo-enterprise');
    expect(loginBody).toHaveProperty('AccessToken');
  });
});
