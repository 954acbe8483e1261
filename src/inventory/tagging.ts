/**
 * Local tagging: tag and untag endpoints in the store, and list them by tag and state.
 *
 * Local tags are the source of truth. SFT's documented Create Tag call (`createTag`) can mirror a tag
 * name on the platform, but assigning a tag to an endpoint on SFT is not in the known
 * BICS docs, so the SDK never tries: tags live in your store.
 *
 * @module
 */
import { SftValidationError, type SftValidationIssue } from '../errors.js';
import { tagNameSchema } from '../schemas.js';
import type { EndpointFilter, EndpointStore, StoredEndpoint } from '../store/types.js';

/** Which endpoints a tagging call applies to. Every given part is included (a union). */
export interface EndpointSelection {
  /** Endpoints by ICCID. */
  iccids?: readonly string[];
  /** Endpoints by SFT endpoint id. */
  endpointIds?: readonly string[];
  /** Every endpoint matching this filter (e.g. `{ state: 'pre-active', jobId }`). */
  filter?: EndpointFilter;
}

/** What a tagging call did. */
export interface TaggingResult {
  /** How many store records changed (records that already had, or lacked, the tags do not count). */
  changed: number;
  /** ICCIDs and endpoint ids of the selection the store does not hold. */
  notFound: string[];
}

/**
 * Adds `tags` to the selected endpoints, in the store only (see the module note on why).
 * Tags are checked first (letters, digits, `-`, `_`, 1-100 characters): one bad tag rejects the call
 * with {@link SftValidationError} and changes nothing.
 */
export async function tagEndpoints(
  client: { store: EndpointStore },
  selection: EndpointSelection,
  tags: readonly string[],
): Promise<TaggingResult> {
  validateTags(tags);
  const { iccids, notFound } = await resolveSelection(client.store, selection);
  const changed = iccids.length === 0 ? 0 : await client.store.addTags(iccids, tags);
  return { changed, notFound };
}

/** Removes `tags` from the selected endpoints, in the store only. Validates like {@link tagEndpoints}. */
export async function untagEndpoints(
  client: { store: EndpointStore },
  selection: EndpointSelection,
  tags: readonly string[],
): Promise<TaggingResult> {
  validateTags(tags);
  const { iccids, notFound } = await resolveSelection(client.store, selection);
  const changed = iccids.length === 0 ? 0 : await client.store.removeTags(iccids, tags);
  return { changed, notFound };
}

/**
 * Every stored endpoint matching `filter` (tag, state, claimed, jobId, name), ordered by ICCID, read
 * page by page so memory stays bounded by `pageSize` (default 500).
 *
 * @example
 * for await (const e of listInventory(client, { tag: 'batch-1', state: 'pre-active', claimed: false })) …
 */
export async function* listInventory(
  client: { store: EndpointStore },
  filter: EndpointFilter = {},
  options: { pageSize?: number } = {},
): AsyncGenerator<StoredEndpoint, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await client.store.list(filter, { limit: options.pageSize ?? 500, cursor });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

/** Reads all of {@link listInventory} into an array (for small selections). */
export async function collectInventory(
  client: { store: EndpointStore },
  filter: EndpointFilter = {},
): Promise<StoredEndpoint[]> {
  const all: StoredEndpoint[] = [];
  for await (const e of listInventory(client, filter)) all.push(e);
  return all;
}

function validateTags(tags: readonly string[]): void {
  const issues: SftValidationIssue[] = [];
  if (tags.length === 0) issues.push({ field: 'tags', message: 'give at least one tag' });
  tags.forEach((tag, i) => {
    const parsed = tagNameSchema.safeParse(tag);
    if (!parsed.success) {
      issues.push({ field: `tags.${i}`, message: parsed.error.issues[0]?.message ?? 'invalid tag' });
    }
  });
  if (issues.length > 0) throw new SftValidationError(issues, { operation: 'tagEndpoints' });
}

async function resolveSelection(
  store: EndpointStore,
  selection: EndpointSelection,
): Promise<{ iccids: string[]; notFound: string[] }> {
  const iccids = new Set<string>();
  const notFound: string[] = [];
  for (const iccid of selection.iccids ?? []) {
    if (await store.getByIccid(iccid)) iccids.add(iccid);
    else notFound.push(iccid);
  }
  for (const endpointId of selection.endpointIds ?? []) {
    const record = await store.getByEndpointId(endpointId);
    if (record) iccids.add(record.iccid);
    else notFound.push(endpointId);
  }
  if (selection.filter !== undefined) {
    for await (const e of listInventory({ store }, selection.filter)) iccids.add(e.iccid);
  }
  return { iccids: [...iccids], notFound };
}
