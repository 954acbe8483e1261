/**
 * `sft-endpoints provision --input FILE.csv [--tag batch-1] [--report FILE] [--job-id ID]`: creates one
 * Pre-Active endpoint per CSV row with `createBulkEndpoints` — paced at the account's rate, exactly
 * once, resumable (rerun the same command after a crash or Ctrl-C: created rows are skipped, pending
 * ones reconciled). Bad rows are reported by line number, on stderr and in a CSV report file.
 *
 * With `--json`, stdout ends with one JSON object `{"created","recovered","skipped","failed","durationMs"}`.
 *
 * @module
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { createBulkEndpoints } from '../../provisioning/index.js';
import type { BulkSummary } from '../../provisioning/types.js';
import { tagNameSchema } from '../../schemas.js';
import { type CliConfig, requireCredentials } from '../config.js';
import { withClient } from '../context.js';
import { countCsvRows, readCsvRows } from '../csv-input.js';
import { CliUsageError, ExitCode } from '../exit-codes.js';
import { defaultReportPath, FailureReport, failureReason } from '../failure-report.js';
import { listenForInterrupt } from '../interrupt.js';
import { formatTable, printJson, printLine, printNote } from '../output.js';
import { createProgress } from '../progress.js';
import type { ActionRunner } from '../run-action.js';
import { resumeCommand } from './activate.js';

/** Flags of `provision`. */
export interface ProvisionFlags {
  input: string;
  tag?: string;
  report?: string;
  jobId?: string;
}

/** What `provision --json` prints (the last line of stdout). */
export interface ProvisionJson {
  created: number;
  recovered: number;
  skipped: number;
  failed: number;
  durationMs: number;
}

/** Registers `provision` on `program`. */
export function registerProvision(program: Command, run: ActionRunner): void {
  program
    .command('provision')
    .description(
      'create one Pre-Active endpoint per CSV row (iccid required; name, tags optional); rerun to resume',
    )
    .requiredOption('--input <file>', 'CSV file with a header line: iccid[,name][,tags (;-separated)]')
    .option('--tag <tag>', 'add this local tag to every endpoint (e.g. batch-1)')
    .option('--report <file>', 'where to write the failed rows (default: FILE.failed.csv beside the input)')
    .option('--job-id <id>', 'journal id of the run (default: derived from the input file name)')
    .action(run(provisionCommand));
}

/** Runs `provision`. */
export async function provisionCommand(config: CliConfig, flags: ProvisionFlags): Promise<number> {
  if (flags.tag !== undefined && !tagNameSchema.safeParse(flags.tag).success) {
    throw new CliUsageError(
      `--tag "${flags.tag}": a tag may contain only letters, digits, "-" and "_" (1-100).`,
    );
  }
  // A first pass checks the file (exists, has an iccid column, is CSV) before logging in, and gives the total.
  const total = await countCsvRows(flags.input);
  requireCredentials(config);
  requireRoamingProfile(config);
  const report = new FailureReport(flags.report ?? defaultReportPath(flags.input));
  const lineOfRow = new Map<number, number>();
  async function* rows() {
    let index = 0;
    for await (const row of readCsvRows(flags.input)) {
      lineOfRow.set(index++, row.line);
      yield row.input;
    }
  }

  const interrupt = listenForInterrupt(() =>
    printNote(
      '\nStopping: no new rows; creates in flight are finished and journaled… (Ctrl-C again to quit at once)',
    ),
  );
  let progress: ReturnType<typeof createProgress> | undefined;
  let summary: BulkSummary;
  try {
    summary = await withClient(config, async (client) =>
      createBulkEndpoints(client, rows(), {
        jobId: flags.jobId ?? `csv:${basename(flags.input)}`,
        signal: interrupt.signal,
        ...(flags.tag === undefined ? {} : { tag: flags.tag }),
        ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
        onProgress: (p) => {
          progress ??= createProgress({ label: 'provision', total });
          progress.update(
            p.done,
            `created ${p.created} recovered ${p.recovered} skipped ${p.skipped} failed ${p.failed}`,
          );
        },
        onResult: (r) => {
          const line = lineOfRow.get(r.index) ?? r.index + 2;
          lineOfRow.delete(r.index);
          if (r.status === 'failed') {
            report.add({
              line,
              iccid: String(r.input?.iccid ?? ''),
              name: String(r.input?.name ?? ''),
              reason: failureReason(r.error),
            });
          }
        },
      }),
    );
  } finally {
    progress?.stop();
    interrupt.dispose();
    await report.close(flags.report === undefined);
  }
  return reportProvision(config, flags, summary, report);
}

/**
 * Create Endpoint lists `roamingProfileId` as mandatory and the CSV has no column for it, so without
 * `--roaming-profile-id` / `SFT_ROAMING_PROFILE_ID` every row would be sent and refused (10117): a
 * usage error before anything is sent instead.
 */
function requireRoamingProfile(config: CliConfig): void {
  if (config.roamingProfileId !== undefined) return;
  throw new CliUsageError(
    'Set SFT_ROAMING_PROFILE_ID (or --roaming-profile-id): SFT lists roamingProfileId as mandatory for ' +
      "Create Endpoint. Your account's DEFAULT roaming profile id is in the SFT portal; the simulator " +
      'accepts any id (e.g. DEFAULT).',
  );
}

function reportProvision(
  config: CliConfig,
  flags: ProvisionFlags,
  summary: BulkSummary,
  report: FailureReport,
): number {
  const json: ProvisionJson = {
    created: summary.created,
    recovered: summary.recovered,
    skipped: summary.skipped,
    failed: summary.failed,
    durationMs: Math.round(summary.durationMs),
  };
  const line =
    `${flags.input}: ${json.created} created, ${json.recovered} recovered, ${json.skipped} skipped, ` +
    `${json.failed} failed in ${(summary.durationMs / 1000).toFixed(1)} s` +
    (summary.endpointsPerSecond > 0 ? ` (${summary.endpointsPerSecond.toFixed(1)} endpoints/s).` : '.');
  if (config.json) printNote(line);
  else printLine(line);
  // A fatal error (e.g. refused credentials) is printed once, as the command's error, not as a row table.
  if (report.count > 0 && summary.fatalError === undefined) {
    printNote(
      formatTable(
        ['LINE', 'ICCID', 'NAME', 'REASON'],
        [...report.shown].sort((a, b) => a.line - b.line).map((f) => [f.line, f.iccid, f.name, f.reason]),
      ),
    );
    if (report.count > report.shown.length) printNote(`… and ${report.count - report.shown.length} more.`);
    printNote(
      `Failed rows written to ${report.path}. Fix them and rerun the same command: created rows are skipped.`,
    );
  }
  if (config.json) printJson(json);
  if (summary.fatalError !== undefined) throw summary.fatalError;
  if (summary.aborted) {
    printNote(`Interrupted. Nothing is lost: rerun the same command to resume: ${resumeCommand()}`);
    return ExitCode.interrupted;
  }
  return summary.failed > 0 ? ExitCode.someFailed : ExitCode.ok;
}
