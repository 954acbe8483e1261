// End-to-end: the real `sft-endpoints provision` bin against the HTTP simulator.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliFixture, cliFixture, lastJson, simCsv } from './helpers.js';

let fx: CliFixture;
beforeEach(async () => {
  fx = await cliFixture({ sims: 40 });
});
afterEach(async () => {
  await fx.close();
});

describe('sft-endpoints provision', () => {
  it('creates one Pre-Active endpoint per row, tagged, and ends --json output with the summary object', async () => {
    const input = fx.write('sims.csv', simCsv(fx.sim, 12));
    const run = await fx.run(['provision', '--input', input, '--tag', 'batch-1', '--json']);

    expect(run.code, run.stderr).toBe(0);
    const summary = lastJson(run) as Record<string, number>;
    expect(Object.keys(summary).sort()).toEqual(['created', 'durationMs', 'failed', 'recovered', 'skipped']);
    expect(summary).toMatchObject({ created: 12, recovered: 0, skipped: 0, failed: 0 });
    expect(summary.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const endpoints = fx.sim.sim.listEndpoints();
    expect(endpoints).toHaveLength(12);
    expect(new Set(endpoints.map((e) => e.status))).toEqual(new Set(['Pre-Active']));
    expect(existsSync(join(fx.dir, 'sims.failed.csv'))).toBe(false);
  });

  it('reports bad rows by CSV line number, creates the good ones, and exits 1', async () => {
    const [first, second] = fx.sim.sim.listSims();
    const csv = [
      'iccid,name,tags',
      `${first?.iccid},good-one,vip`, // line 2
      '12345,too-short,', // line 3
      `${(first?.iccid ?? '').slice(0, -1)}${(Number((first?.iccid ?? '0').slice(-1)) + 1) % 10},bad-luhn,`, // line 4
      `${first?.iccid},duplicate,`, // line 5
      ',no-iccid,', // line 6
      `${second?.iccid},bad-tag,has space`, // line 7
      `${'8932042000000000000'.slice(0, 18)}A,letters,`, // line 8
    ].join('\n');
    const input = fx.write('mixed.csv', `${csv}\n`);

    const run = await fx.run(['provision', '--input', input, '--json']);

    expect(run.code, run.stderr).toBe(1);
    expect(lastJson(run)).toMatchObject({ created: 1, failed: 6 });
    const report = readFileSync(join(fx.dir, 'mixed.failed.csv'), 'utf8').trim().split('\n');
    expect(report[0]).toBe('line,iccid,name,reason');
    const lines = report.slice(1).map((row) => Number(row.split(',')[0]));
    expect(lines.sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(run.stderr).toMatch(/LINE\s+ICCID\s+NAME\s+REASON/);
    expect(run.stderr).toContain('mixed.failed.csv');
    expect(fx.sim.sim.listEndpoints().map((e) => e.name)).toEqual(['good-one']);
  });

  it('keeps a row SFT refused as failed, and list --json prints it with endpointId null', async () => {
    const [sim] = fx.sim.sim.listSims();
    fx.sim.sim.admin.createEndpoint({ name: 'taken', iccid: sim?.iccid as string }); // linked elsewhere
    const input = fx.write('taken.csv', `iccid,name\n${sim?.iccid},mine\n`);

    const run = await fx.run(['provision', '--input', input, '--json']);
    expect(run.code, run.stderr).toBe(1);

    const listed = await fx.run(['list', '--state', 'failed', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      { endpointId: null, iccid: sim?.iccid, name: 'mine', tags: [], state: 'failed' },
    ]);
  });

  it('resumes on rerun: created rows are skipped and nothing is created twice', async () => {
    const input = fx.write('sims.csv', simCsv(fx.sim, 10));
    const first = await fx.run(['provision', '--input', input, '--tag', 'batch-1', '--json']);
    expect(first.code, first.stderr).toBe(0);

    const more = fx.write('sims.csv', simCsv(fx.sim, 15));
    const second = await fx.run(['provision', '--input', more, '--tag', 'batch-1', '--json']);

    expect(second.code, second.stderr).toBe(0);
    expect(lastJson(second)).toMatchObject({ created: 5, skipped: 10, failed: 0 });
    const created = fx.sim.sim.counters().endpointsCreatedByIccid;
    expect(Object.keys(created)).toHaveLength(15);
    expect(Object.values(created).every((n) => n === 1)).toBe(true);
  });

  it('stops cleanly on Ctrl-C, says how to resume, and the rerun finishes exactly once', async () => {
    fx.sim.sim.configure({ tps: 20 });
    const input = fx.write('sims.csv', simCsv(fx.sim, 40));
    const interrupted = await fx.run(['provision', '--input', input, '--max-tps', '20', '--json'], {
      onSpawn: (child) => {
        // Interrupt once the platform has seen a few creates (state, not time, decides when).
        const poll = setInterval(() => {
          const creates = fx.sim.sim.counters().requestsByOperation.createEndpoint ?? 0;
          if (creates >= 5) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 20);
        child.on('exit', () => clearInterval(poll));
      },
    });

    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toContain('rerun the same command to resume');
    const partial = lastJson(interrupted) as { created: number };
    expect(partial.created).toBeGreaterThan(0);
    expect(partial.created).toBeLessThan(40);

    fx.sim.sim.configure({ tps: 0 });
    const resumed = await fx.run(['provision', '--input', input, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = lastJson(resumed) as Record<string, number>;
    expect((summary.created ?? 0) + (summary.skipped ?? 0) + (summary.recovered ?? 0)).toBe(40);
    const created = fx.sim.sim.counters().endpointsCreatedByIccid;
    expect(Object.keys(created)).toHaveLength(40);
    expect(Object.values(created).every((n) => n === 1)).toBe(true);
  });
});
