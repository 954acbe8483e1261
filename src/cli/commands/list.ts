/**
 * `sft-endpoints list [--tag T] [--state S] [--claimed | --unclaimed] [--json]`: the endpoints in the
 * store. With `--json`, a JSON array of `{endpointId, iccid, name, tags, state}`, streamed page by
 * page so memory stays bounded however large the store.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { listInventory } from '../../inventory/tagging.js';
import type { EndpointFilter, StoredEndpoint } from '../../store/types.js';
import { ENDPOINT_STATES, type EndpointState } from '../../types.js';
import type { CliConfig } from '../config.js';
import { withStore } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatTable, printLine } from '../output.js';
import type { ActionRunner } from '../run-action.js';

/** Flags of `list`. */
export interface ListFlags {
  tag?: string;
  state?: EndpointState[];
  claimed?: boolean;
  limit?: number;
}

/** One endpoint as `list --json` prints it: every key is always present. */
export interface ListedEndpoint {
  /** `null` while SFT has given no id (a pending or failed row). */
  endpointId: string | null;
  iccid: string;
  name: string;
  tags: string[];
  state: EndpointState;
}

/** Registers `list` on `program`. */
export function registerList(program: Command, run: ActionRunner): void {
  program
    .command('list')
    .description('list the endpoints in the store (JSON array with --json)')
    .option('--tag <tag>', 'only endpoints with this tag')
    .addOption(
      new Option('--state <state...>', 'only endpoints in this state (several allowed)').choices([
        ...ENDPOINT_STATES,
      ]),
    )
    .option('--claimed', 'only endpoints held by an allocation')
    .option('--unclaimed', 'only endpoints not held by an allocation')
    .action(run(listCommand));
}

/** The store filter for `list`'s flags. Pure. */
export function listFilter(flags: ListFlags & { unclaimed?: boolean }): EndpointFilter {
  const filter: EndpointFilter = {};
  if (flags.tag !== undefined) filter.tag = flags.tag;
  if (flags.state !== undefined && flags.state.length > 0) {
    filter.state = flags.state.length === 1 ? (flags.state[0] as EndpointState) : flags.state;
  }
  if (flags.claimed) filter.claimed = true;
  else if (flags.unclaimed) filter.claimed = false;
  return filter;
}

/** What `list --json` prints for one stored endpoint. Pure. */
export function toListed(e: StoredEndpoint): ListedEndpoint {
  return { endpointId: e.endpointId ?? null, iccid: e.iccid, name: e.name, tags: e.tags, state: e.state };
}

/** Runs `list`. */
export async function listCommand(
  config: CliConfig,
  flags: ListFlags & { unclaimed?: boolean },
): Promise<number> {
  const filter = listFilter(flags);
  await withStore(config, async (store) => {
    if (config.json) {
      let first = true;
      process.stdout.write('[');
      for await (const e of listInventory({ store }, filter)) {
        process.stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(toListed(e))}`);
        first = false;
      }
      process.stdout.write(first ? ']\n' : '\n]\n');
      return;
    }
    const rows: unknown[][] = [];
    let headerPrinted = false;
    const flush = () => {
      if (rows.length === 0) return;
      const table = formatTable(['ICCID', 'ENDPOINT ID', 'STATE', 'NAME', 'TAGS'], rows);
      printLine(headerPrinted ? table.slice(table.indexOf('\n') + 1) : table);
      headerPrinted = true;
      rows.length = 0;
    };
    let count = 0;
    for await (const e of listInventory({ store }, filter)) {
      rows.push([
        e.iccid,
        e.endpointId ?? '-',
        e.claimedBy ? `${e.state} (claimed)` : e.state,
        e.name,
        e.tags.join(';'),
      ]);
      count++;
      if (rows.length === 500) flush();
    }
    flush();
    process.stderr.write(`${count} endpoint${count === 1 ? '' : 's'}\n`);
  });
  return ExitCode.ok;
}
