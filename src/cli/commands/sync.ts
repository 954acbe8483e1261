/**
 * `sft-endpoints sync [--dry-run] [--source endpoints|sims] [--json]`: compares the store with the
 * platform, reports the drift, and (unless `--dry-run`) repairs the store.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { type SyncReport, syncInventory } from '../../inventory/sync.js';
import type { CliConfig } from '../config.js';
import { withClient } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import type { ActionRunner } from '../run-action.js';

/** Flags of `sync`. */
export interface SyncFlags {
  dryRun?: boolean;
  source?: 'endpoints' | 'sims';
}

/** Registers `sync` on `program`. */
export function registerSync(program: Command, run: ActionRunner): void {
  program
    .command('sync')
    .description('compare the store with SFT, report the drift, and repair the store (unless --dry-run)')
    .option('--dry-run', 'report only; change nothing')
    .addOption(
      new Option(
        '--source <source>',
        'platform listing to read: endpoints (GetEndPoints, unverified) or sims (fetchSIM)',
      )
        .choices(['endpoints', 'sims'])
        .default('endpoints'),
    )
    .action(run(syncCommand));
}

/** What `sync --json` prints: the report without the per-endpoint drift list's platform payloads. */
export function syncJson(report: SyncReport) {
  return {
    dryRun: report.dryRun,
    counts: report.counts,
    repaired: report.repaired,
    unrepairable: report.unrepairable.length,
    platformEndpoints: report.platformEndpoints,
    storedEndpoints: report.storedEndpoints,
    drift: report.drift,
  };
}

/** Runs `sync`. Drift is not a failure: exit code 0 once the sync ran. */
export async function syncCommand(config: CliConfig, flags: SyncFlags): Promise<number> {
  const report = await withClient(config, (client) =>
    syncInventory(client, { dryRun: flags.dryRun ?? false, source: flags.source ?? 'endpoints' }),
  );
  if (config.json) {
    printJson(syncJson(report));
    return ExitCode.ok;
  }
  printLine(
    `Platform: ${report.platformEndpoints} endpoint(s); store: ${report.storedEndpoints}; drift: ${report.drift.length}.`,
  );
  for (const [kind, count] of Object.entries(report.counts)) if (count) printLine(`  ${kind}: ${count}`);
  if (report.dryRun)
    printLine(
      report.drift.length > 0
        ? 'Dry run: nothing changed. Run without --dry-run to repair.'
        : 'Dry run: nothing to repair.',
    );
  else printLine(`Repaired ${report.repaired} store record(s).`);
  if (report.unrepairable.length > 0)
    printLine(`${report.unrepairable.length} difference(s) cannot be repaired (no ICCID from the platform).`);
  return ExitCode.ok;
}
