// End-to-end: list, tag, allocate, activate, sync and report through the real bin and the HTTP simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliFixture, cliFixture, lastJson, simCsv } from './helpers.js';

let fx: CliFixture;
beforeAll(async () => {
  fx = await cliFixture({ sims: 30 });
  const batch1 = fx.write('batch-1.csv', simCsv(fx.sim, 6));
  const run = await fx.run(['provision', '--input', batch1, '--tag', 'batch-1']);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(async () => {
  await fx.close();
});

interface Listed {
  endpointId: string;
  iccid: string;
  name: string;
  tags: string[];
  state: string;
}

describe('sft-endpoints list', () => {
  it('prints a JSON array of {endpointId, iccid, name, tags, state}', async () => {
    const run = await fx.run(['list', '--tag', 'batch-1', '--json']);

    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as Listed[];
    expect(listed).toHaveLength(6);
    for (const e of listed) {
      expect(Object.keys(e).sort()).toEqual(['endpointId', 'iccid', 'name', 'state', 'tags']);
      expect(e.tags).toContain('batch-1');
      expect(e.state).toBe('pre-active');
      expect(fx.sim.sim.getEndpoint(e.endpointId)?.status).toBe('Pre-Active');
    }
  });

  it('prints an empty JSON array when nothing matches', async () => {
    const run = await fx.run(['list', '--tag', 'nothing-here', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it('prints a table for people', async () => {
    const run = await fx.run(['list', '--state', 'pre-active']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ICCID\s+ENDPOINT ID\s+STATE\s+NAME\s+TAGS/);
  });
});

describe('sft-endpoints allocate, activate and report', () => {
  it('allocates one endpoint: claims, activates on the platform and prints {endpointId, iccid, activationCode}', async () => {
    const run = await fx.run(['allocate', '--tag', 'batch-1', '--json']);

    expect(run.code, run.stderr).toBe(0);
    const allocated = lastJson(run) as { endpointId: string; iccid: string; activationCode?: string };
    expect(Object.keys(allocated).sort()).toEqual(['activationCode', 'endpointId', 'iccid']);
    expect(allocated.activationCode).toMatch(/^LPA:1\$/);
    expect(fx.sim.sim.getEndpoint(allocated.endpointId)?.status).toBe('Active');
    expect(fx.sim.sim.counters().activationsByEndpoint[allocated.endpointId]).toBe(1);
  });

  it('tags endpoints locally and activates a tag, with a summary', async () => {
    const [one, two] = fx.sim.sim.listSims();
    const tagged = await fx.run(['tag', 'vip', '--iccid', one?.iccid ?? '', two?.iccid ?? '', '--json']);
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(lastJson(tagged)).toMatchObject({ changed: 2, notFound: [] });

    const activated = await fx.run(['activate', '--tag', 'vip', '--json']);
    expect(activated.code, activated.stderr).toBe(0);
    const summary = lastJson(activated) as Record<string, number>;
    expect((summary.activated ?? 0) + (summary.skipped ?? 0)).toBe(2);
    expect(summary.failed).toBe(0);
  });

  it('activates one endpoint by id, and refuses --tag together with --endpoint-id', async () => {
    const listed = JSON.parse(
      (await fx.run(['list', '--state', 'pre-active', '--unclaimed', '--json'])).stdout,
    ) as Listed[];
    const target = listed[listed.length - 1] as Listed;

    const run = await fx.run(['activate', '--endpoint-id', target.endpointId, '--json']);

    expect(run.code, run.stderr).toBe(0);
    expect(lastJson(run)).toMatchObject({
      endpointId: target.endpointId,
      iccid: target.iccid,
      state: 'active',
    });
    expect(fx.sim.sim.getEndpoint(target.endpointId)?.status).toBe('Active');
    expect((await fx.run(['activate', '--tag', 'x', '--endpoint-id', 'y'])).code).toBe(2);
  });

  it('reports per tag how many endpoints are available, active and failed', async () => {
    const run = await fx.run(['report', '--json']);

    expect(run.code, run.stderr).toBe(0);
    const report = lastJson(run) as {
      tags: { tag: string | null; available: number; active: number; total: number }[];
    };
    const batch = report.tags.find((t) => t.tag === 'batch-1');
    expect(batch?.total).toBe(6);
    expect((batch?.available ?? 0) + (batch?.active ?? 0)).toBe(6);
    expect(batch?.active).toBeGreaterThanOrEqual(1);

    const text = await fx.run(['report']);
    expect(text.stdout).toMatch(/TAG\s+AVAILABLE\s+CLAIMED\s+ACTIVE/);
    expect(text.stdout).toMatch(/batch-1/);
  });

  it('says the pool is empty, and exits 1, when no endpoint is left to allocate', async () => {
    const run = await fx.run(['allocate', '--tag', 'no-such-batch']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')[0]).toMatch(/^sft-endpoints allocate: /);
  });

  it('sync --dry-run reports drift made behind the SDK back without changing the store', async () => {
    const listed = JSON.parse((await fx.run(['list', '--state', 'pre-active', '--json'])).stdout) as Listed[];
    const gone = listed[0] as Listed;
    fx.sim.sim.admin.deleteEndpoint(gone.endpointId);

    const dry = await fx.run(['sync', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const report = lastJson(dry) as { dryRun: boolean; counts: Record<string, number>; repaired: number };
    expect(report.dryRun).toBe(true);
    expect(report.counts.missingOnPlatform).toBe(1);
    expect(report.repaired).toBe(0);

    const real = await fx.run(['sync', '--json']);
    expect(real.code, real.stderr).toBe(0);
    expect((lastJson(real) as { repaired: number }).repaired).toBeGreaterThanOrEqual(1);
    const after = JSON.parse((await fx.run(['list', '--state', 'deleted', '--json'])).stdout) as Listed[];
    expect(after.map((e) => e.endpointId)).toContain(gone.endpointId);
  });
});
