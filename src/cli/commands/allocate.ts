/**
 * `sft-endpoints allocate --tag T [--claimant ID] [--no-activate] [--json]`: hands one unused
 * pre-active endpoint to a traveller — claims it in the store, activates it on SFT (never twice), and
 * prints `{endpointId, iccid, activationCode?}` (the eSIM QR text to deliver).
 *
 * @module
 */
import type { Command } from 'commander';
import { allocateEndpoint } from '../../inventory/allocate.js';
import type { CliConfig } from '../config.js';
import { withClient } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import type { ActionRunner } from '../run-action.js';

/** Flags of `allocate`. */
export interface AllocateFlags {
  tag?: string;
  claimant?: string;
  activate?: boolean;
}

/** What `allocate --json` prints. */
export interface AllocatedEndpoint {
  endpointId: string;
  iccid: string;
  activationCode?: string;
}

/** Registers `allocate` on `program`. */
export function registerAllocate(program: Command, run: ActionRunner): void {
  program
    .command('allocate')
    .description(
      'claim one unused pre-active endpoint, activate it, and print what to deliver to the traveller',
    )
    .option('--tag <tag>', 'allocate from endpoints with this tag (default: any)')
    .option('--claimant <id>', 'who holds the endpoint in the store, e.g. an order id (default: a random id)')
    .option('--no-activate', 'only reserve the endpoint: it stays Pre-Active, claimed')
    .action(run(allocateCommand));
}

/** Runs `allocate`. An empty pool fails with exit code 1 and says so. */
export async function allocateCommand(config: CliConfig, flags: AllocateFlags): Promise<number> {
  const allocation = await withClient(config, (client) =>
    allocateEndpoint(client, flags.tag === undefined ? {} : { tag: flags.tag }, {
      activate: flags.activate !== false,
      ...(flags.claimant === undefined ? {} : { claimant: flags.claimant }),
    }),
  );
  const printed: AllocatedEndpoint = { endpointId: allocation.endpointId, iccid: allocation.iccid };
  if (allocation.activationCode !== undefined) printed.activationCode = allocation.activationCode;
  if (config.json) {
    printJson(printed);
  } else {
    printLine(`Allocated endpoint ${allocation.endpointId} (${allocation.name}), ${allocation.state}.`);
    printLine(`  ICCID:           ${allocation.iccid}`);
    printLine(`  activation code: ${allocation.activationCode ?? '(SFT gave none)'}`);
    printLine(`  claimed by:      ${allocation.claimant}`);
  }
  return ExitCode.ok;
}
