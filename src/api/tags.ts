/**
 * Create Tag (`POST /api/createTag`, documented). Attaching tags to endpoints is not in the known
 * BICS docs; the SDK keeps tags in its store (see the inventory helpers).
 *
 * @module
 */
import { z } from 'zod';
import type { SftClient } from '../client.js';
import { SftValidationError } from '../errors.js';
import { issuesOf } from '../internal/validate.js';
import { tagDescriptionSchema, tagNameSchema } from '../schemas.js';
import type { SftCallOptions } from '../transport/transport.js';
import type { SftOperationResult } from './endpoints.js';

/** Input of {@link createTag}. */
export interface CreateTagInput {
  /** 1-100 characters; letters, digits, `-` and `_` only. */
  tagName: string;
  /** At most 100 characters; letters, digits, spaces, `-` and `_`. */
  tagDescription?: string;
}

/** Result of {@link createTag}. */
export interface CreatedTag extends SftOperationResult {
  /** The tag's name. */
  tagName: string;
  /** The platform's id of the new tag (`Response.tagId`), when it sends one. */
  tagId: string | undefined;
}

const createTagInputSchema = z.object({
  tagName: tagNameSchema,
  tagDescription: tagDescriptionSchema.optional(),
});

/**
 * Creates a tag on the platform: body `{ tagInfo: { createTag: { tagName, tagDescription? } } }`
 * (documented; whether `createTag` may be an array is unknown, so one tag per call). Success code 10149.
 *
 * @throws {@link SftValidationError} for a name or description breaking the rules, before sending.
 */
export async function createTag(
  client: SftClient,
  input: CreateTagInput,
  options: SftCallOptions = {},
): Promise<CreatedTag> {
  const parsed = createTagInputSchema.safeParse(input ?? {});
  if (!parsed.success) throw new SftValidationError(issuesOf(parsed.error), { operation: 'createTag' });
  const createTagBody: Record<string, string> = { tagName: parsed.data.tagName };
  if (parsed.data.tagDescription !== undefined) createTagBody.tagDescription = parsed.data.tagDescription;
  const response = await client.transport.send('createTag', {
    ...options,
    body: { tagInfo: { createTag: createTagBody } },
  });
  const tagId = (response as Record<string, unknown>).tagId;
  return {
    tagName: parsed.data.tagName,
    tagId: tagId === undefined || tagId === null ? undefined : String(tagId),
    resultCode: response.resultParam?.resultCode,
    resultDescription: response.resultParam?.resultDescription,
    responseId: response.responseId,
  };
}
