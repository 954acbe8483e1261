/**
 * `sft-endpoints tag <tags...> (--iccid … | --endpoint-id … | --where-tag T | --where-state S) [--remove]`:
 * adds (or removes) local tags. Local tags are the source of truth: assigning a tag to an endpoint on
 * SFT is not in the known BICS docs. `--on-platform` also creates each tag name on SFT with the
 * documented Create Tag call.
 *
 * @module
 */
import { type Command, Option } from 'commander';
import { createTag } from '../../api/tags.js';
import { type EndpointSelection, tagEndpoints, untagEndpoints } from '../../inventory/tagging.js';
import { ENDPOINT_STATES, type EndpointState } from '../../types.js';
import type { CliConfig } from '../config.js';
import { withClient, withStore } from '../context.js';
import { CliUsageError, ExitCode } from '../exit-codes.js';
import { printJson, printLine, printNote } from '../output.js';
import type { ActionRunner } from '../run-action.js';

/** Flags of `tag`. */
export interface TagFlags {
  remove?: boolean;
  iccid?: string[];
  endpointId?: string[];
  whereTag?: string;
  whereState?: EndpointState;
  onPlatform?: boolean;
}

/** Registers `tag` on `program`. */
export function registerTag(program: Command, run: ActionRunner): void {
  program
    .command('tag')
    .description('add (or remove) local tags on endpoints of the store')
    .argument('<tags...>', 'tags to add or remove (letters, digits, - and _)')
    .option('--remove', 'remove the tags instead of adding them')
    .option('--iccid <iccid...>', 'endpoints with these ICCIDs')
    .option('--endpoint-id <id...>', 'endpoints with these SFT endpoint ids')
    .option('--where-tag <tag>', 'every endpoint that has this tag')
    .addOption(
      new Option('--where-state <state>', 'every endpoint in this state').choices([...ENDPOINT_STATES]),
    )
    .option('--on-platform', 'also create the tag names on SFT (Create Tag); needs credentials')
    .action(run(tagCommand));
}

/** The selection for `tag`'s flags; throws {@link CliUsageError} when nothing is selected. Pure. */
export function tagSelection(flags: TagFlags): EndpointSelection {
  const selection: EndpointSelection = {};
  if (flags.iccid?.length) selection.iccids = flags.iccid;
  if (flags.endpointId?.length) selection.endpointIds = flags.endpointId;
  if (flags.whereTag !== undefined || flags.whereState !== undefined) {
    selection.filter = {
      ...(flags.whereTag === undefined ? {} : { tag: flags.whereTag }),
      ...(flags.whereState === undefined ? {} : { state: flags.whereState }),
    };
  }
  if (Object.keys(selection).length === 0) {
    throw new CliUsageError('Say which endpoints: --iccid, --endpoint-id, --where-tag or --where-state.');
  }
  return selection;
}

/** Runs `tag`. */
export async function tagCommand(config: CliConfig, flags: TagFlags, tags: string[]): Promise<number> {
  const selection = tagSelection(flags);
  const result = await withStore(config, (store) =>
    (flags.remove ? untagEndpoints : tagEndpoints)({ store }, selection, tags),
  );
  if (flags.onPlatform && !flags.remove) {
    await withClient(config, async (client) => {
      for (const tagName of tags) await createTag(client, { tagName });
    });
  }
  if (config.json) printJson(result);
  else printLine(`${flags.remove ? 'Untagged' : 'Tagged'} ${result.changed} endpoint(s).`);
  if (result.notFound.length > 0) {
    printNote(`Not in the store: ${result.notFound.join(', ')}`);
    return ExitCode.someFailed;
  }
  return ExitCode.ok;
}
