/**
 * `sft-endpoints activate (--tag T | --endpoint-id ID)`: activates every stored endpoint with a tag
 * (paced, resumable, with progress; Ctrl-C stops cleanly), or one endpoint by id. An unknown outcome
 * is confirmed by reading the state, never by activating twice.
 *
 * @module
 */
import type { Command } from 'commander';
import { activateEndpoint } from '../../api/endpoints.js';
import type { SftClient } from '../../client.js';
import { isUnknownOutcome } from '../../errors.js';
import { activateByTag, type BulkLifecycleSummary } from '../../inventory/bulk-lifecycle.js';
import { confirmState } from '../../inventory/confirm-state.js';
import type { CliConfig } from '../config.js';
import { withClient } from '../context.js';
import { describeError } from '../describe-error.js';
import { CliUsageError, ExitCode } from '../exit-codes.js';
import { listenForInterrupt } from '../interrupt.js';
import { formatTable, printJson, printLine, printNote } from '../output.js';
import { createProgress } from '../progress.js';
import type { ActionRunner } from '../run-action.js';

/** Flags of `activate`. */
export interface ActivateFlags {
  tag?: string;
  endpointId?: string;
}

/** Registers `activate` on `program`. */
export function registerActivate(program: Command, run: ActionRunner): void {
  program
    .command('activate')
    .description(
      'activate every stored endpoint with a tag, or one endpoint by id (activation may be charged)',
    )
    .option('--tag <tag>', 'activate every pre-active endpoint with this tag (resumable)')
    .option('--endpoint-id <id>', 'activate this one endpoint')
    .action(run(activateCommand));
}

/** Runs `activate`. */
export async function activateCommand(config: CliConfig, flags: ActivateFlags): Promise<number> {
  if ((flags.tag === undefined) === (flags.endpointId === undefined)) {
    throw new CliUsageError('Give exactly one of --tag or --endpoint-id.');
  }
  if (flags.endpointId !== undefined) {
    const endpointId = flags.endpointId;
    return withClient(config, (client) => activateOne(client, config, endpointId));
  }
  return activateTag(config, flags.tag as string);
}

async function activateTag(config: CliConfig, tag: string): Promise<number> {
  const interrupt = listenForInterrupt(() =>
    printNote('\nStopping: activations in flight are seen through… (Ctrl-C again to quit at once)'),
  );
  let progress: ReturnType<typeof createProgress> | undefined;
  try {
    const summary = await withClient(config, (client) =>
      activateByTag(client, tag, {
        signal: interrupt.signal,
        ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
        onProgress: (p) => {
          progress ??= createProgress({ label: 'activate', total: p.total });
          progress.update(p.done, `changed ${p.changed} skipped ${p.skipped} failed ${p.failed}`);
        },
      }),
    );
    progress?.stop();
    return reportActivation(config, summary);
  } finally {
    progress?.stop();
    interrupt.dispose();
  }
}

function reportActivation(config: CliConfig, summary: BulkLifecycleSummary): number {
  const failed = summary.results.filter((r) => r.status === 'failed');
  const { changed, recovered, skipped } = summary.progress;
  const notStarted = summary.progress.total - summary.progress.done;
  if (config.json) {
    printJson({
      activated: changed,
      recovered,
      skipped,
      failed: failed.length,
      notStarted,
      durationMs: summary.durationMs,
    });
  } else {
    printLine(
      `Tag ${summary.tag}: ${changed} activated, ${recovered} recovered, ${skipped} skipped, ${failed.length} failed` +
        (notStarted > 0 ? `, ${notStarted} not started` : '') +
        ` in ${(summary.durationMs / 1000).toFixed(1)} s.`,
    );
  }
  if (failed.length > 0) {
    printNote(
      formatTable(
        ['ICCID', 'ENDPOINT ID', 'REASON'],
        failed.slice(0, 50).map((r) => [r.iccid, r.endpointId ?? '-', r.reason ?? describeError(r.error)]),
      ),
    );
    if (failed.length > 50)
      printNote(`… and ${failed.length - 50} more (see: sft-endpoints list --tag ${summary.tag} --json).`);
  }
  if (summary.aborted) {
    printNote(`Interrupted. Rerun the same command to resume: ${resumeCommand()}`);
    return ExitCode.interrupted;
  }
  return failed.length > 0 ? ExitCode.someFailed : ExitCode.ok;
}

async function activateOne(client: SftClient, config: CliConfig, endpointId: string): Promise<number> {
  const stored = await client.store.getByEndpointId(endpointId);
  let recovered = false;
  try {
    await activateEndpoint(client, endpointId);
  } catch (error) {
    // The answer was lost: read the state rather than activate twice.
    if (!isUnknownOutcome(error) || stored === undefined) throw error;
    if (!(await confirmState(client, { endpointId, iccid: stored.iccid }, 'active'))) throw error;
    recovered = true;
  }
  if (stored !== undefined) await client.store.transition(stored.iccid, 'active', { lastError: null });
  if (config.json) printJson({ endpointId, iccid: stored?.iccid, state: 'active', recovered });
  else printLine(`Endpoint ${endpointId} is active${recovered ? ' (confirmed by reading its state)' : ''}.`);
  return ExitCode.ok;
}

/** The command line to resume with, password masked. */
export function resumeCommand(argv: readonly string[] = process.argv.slice(2)): string {
  const parts: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--password') {
      i++;
      continue;
    }
    if (arg.startsWith('--password=')) continue;
    parts.push(/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  }
  return `sft-endpoints ${parts.join(' ')}`;
}
