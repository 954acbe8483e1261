/**
 * The `sft-endpoints` command line: global flags and every command, on commander.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { Command, Option } from 'commander';
import { registerActivate } from './commands/activate.js';
import { registerAllocate } from './commands/allocate.js';
import { registerList } from './commands/list.js';
import { registerProvision } from './commands/provision.js';
import { registerReport } from './commands/report.js';
import { registerSim } from './commands/sim.js';
import { registerSync } from './commands/sync.js';
import { registerTag } from './commands/tag.js';
import { positiveInteger, positiveNumber } from './config.js';
import { type ActionRunner, runAction } from './run-action.js';
import { DEFAULT_STORE_SPEC } from './store-spec.js';

/**
 * The package's version, as printed by `--version`: read from the package.json next to the bin
 * (`dist/cli.js` → `../package.json`; from the sources, `src/cli/` → `../../package.json`).
 */
export function cliVersion(): string {
  const require = createRequire(import.meta.url);
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'sft-endpoints' && pkg.version) return pkg.version;
    } catch {
      // not this one
    }
  }
  return 'unknown';
}

const HELP_FOOTER = `
Environment:
  SFT_BASE_URL, SFT_USERNAME, SFT_PASSWORD, SFT_STORE, SFT_ROAMING_PROFILE_ID
  (flags override them; prefer SFT_PASSWORD to --password, which shows in the process list)

Exit codes:
  0 all done   1 some rows or endpoints failed (the output names them)   2 usage or configuration error
  130 interrupted (Ctrl-C): rerun the same command to resume

Try it locally:
  sft-endpoints sim --sims 1000 --tps 50 --csv sims.csv        # in one terminal
  export SFT_BASE_URL=http://127.0.0.1:4010 SFT_USERNAME=demo-enterprise SFT_PASSWORD=demo-password
  export SFT_ROAMING_PROFILE_ID=DEFAULT                          # mandatory on Create Endpoint
  sft-endpoints provision --input sims.csv --tag batch-1 --max-tps 50
  sft-endpoints allocate --tag batch-1
  sft-endpoints report
`;

/** Builds the program; `run` wraps each command's action (tests may pass their own). */
export function buildProgram(run: ActionRunner = runAction): Command {
  const program = new Command('sft-endpoints')
    .description('Provision, tag, track and activate BICS SFT eSIM endpoints from a terminal.')
    .version(cliVersion())
    .addOption(
      new Option('--base-url <url>', 'SFT base URL (default https://sft.bics.com)').env('SFT_BASE_URL'),
    )
    .addOption(new Option('--username <name>', 'SFT user name').env('SFT_USERNAME'))
    .addOption(
      new Option('--password <password>', 'SFT password (prefer the SFT_PASSWORD variable)').env(
        'SFT_PASSWORD',
      ),
    )
    .addOption(
      new Option(
        '--store <spec>',
        `memory | json:PATH | sqlite:PATH | postgres://… (default ${DEFAULT_STORE_SPEC})`,
      ).env('SFT_STORE'),
    )
    .addOption(
      new Option('--roaming-profile-id <id>', 'roaming profile id(s) for new endpoints, |-separated').env(
        'SFT_ROAMING_PROFILE_ID',
      ),
    )
    .option('--concurrency <n>', 'calls in flight at once (default: automatic)', positiveInteger)
    .option(
      '--max-tps <n>',
      'requests per second ceiling (default 2, then what SFT announces)',
      positiveNumber,
    )
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--verbose', 'print error details')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', HELP_FOOTER)
    .exitOverride();
  for (const register of [
    registerSim,
    registerProvision,
    registerList,
    registerTag,
    registerActivate,
    registerAllocate,
    registerSync,
    registerReport,
  ]) {
    register(program, run);
  }
  for (const command of program.commands) command.exitOverride();
  return program;
}
