import { z } from 'zod';
import { ENDPOINT_STATES, type EndpointState } from '../../types.js';
import type { StoredEndpoint } from '../types.js';

/** Marks a file as an sft-endpoints inventory, so that a foreign JSON file is never overwritten. */
export const JSON_STORE_FORMAT = 'sft-endpoints/inventory';

/** The version of the file layout written by this release. */
export const JSON_STORE_VERSION = 1;

const isoDate = z.iso.datetime();

const endpointSchema = z.strictObject({
  iccid: z.string().min(1),
  endpointId: z.string().optional(),
  name: z.string(),
  tags: z.array(z.string()),
  state: z.enum(ENDPOINT_STATES as [EndpointState, ...EndpointState[]]),
  jobId: z.string().optional(),
  claimedBy: z.string().optional(),
  claimedAt: isoDate.optional(),
  lastError: z.string().optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

const fileSchema = z.object({
  format: z.literal(JSON_STORE_FORMAT),
  version: z.literal(JSON_STORE_VERSION),
  endpoints: z.array(endpointSchema),
});

/** The file's text for these records (dates as ISO strings). */
export function serializeInventory(records: Iterable<StoredEndpoint>): string {
  const endpoints = [...records].map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    ...(r.claimedAt === undefined ? {} : { claimedAt: r.claimedAt.toISOString() }),
  }));
  return `${JSON.stringify({ format: JSON_STORE_FORMAT, version: JSON_STORE_VERSION, endpoints }, null, 1)}\n`;
}

/** The records of a file's text; throws (with a readable message) when it is not a valid inventory. */
export function parseInventory(text: string): StoredEndpoint[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not an sft-endpoints inventory (${issue?.path.join('.') || 'file'}: ${issue?.message})`);
  }
  return parsed.data.endpoints.map((e) => {
    const record: StoredEndpoint = {
      ...e,
      createdAt: new Date(e.createdAt),
      updatedAt: new Date(e.updatedAt),
    } as StoredEndpoint;
    if (e.claimedAt !== undefined) record.claimedAt = new Date(e.claimedAt);
    return record;
  });
}
