/**
 * Simulated `POST /api/createTag` `{ tagInfo: { createTag: { tagName, tagDescription? } } }`.
 * `createTag` may be one object or an array (the docs say "one or multiple"; the form is unknown).
 *
 * @module
 */
import { tagDescriptionSchema, tagNameSchema } from '../../schemas.js';
import { SIMULATED_RESULT_CODES as CODES } from '../codes.js';
import { asRecord, fail, ok, readText } from '../wire.js';
import { incorrect, type OperationHandler } from './context.js';

/** Creates one or several tags; answers `tagId` (one tag) or `tagIds` (several, *assumption*). */
export const createTag: OperationHandler = (ctx) => {
  const raw = asRecord(asRecord(ctx.request.body)?.tagInfo)?.createTag;
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (items.length === 0) return incorrect('tagInfo.createTag', 'mandatory');
  const accepted: { tagName: string; tagDescription?: string }[] = [];
  for (const item of items) {
    const tagName = readText(asRecord(item)?.tagName);
    if (tagName === undefined || !tagNameSchema.safeParse(tagName).success) {
      return incorrect('tagName', 'mandatory, at most 100 letters, digits, "-" or "_"');
    }
    const tagDescription = readText(asRecord(item)?.tagDescription);
    if (tagDescription !== undefined && !tagDescriptionSchema.safeParse(tagDescription).success) {
      return incorrect('tagDescription', 'at most 100 letters, digits, spaces, "-" or "_"');
    }
    const taken = [...ctx.state.tags.values()].some(
      (t) => t.accountId === ctx.account.accountId && t.tagName === tagName,
    );
    if (taken || accepted.some((t) => t.tagName === tagName)) return fail(CODES.duplicateTagName, tagName);
    accepted.push({ tagName, ...(tagDescription !== undefined ? { tagDescription } : {}) });
  }
  const ids = accepted.map((tag) => {
    const tagId = String(ctx.state.nextTagSerial++);
    ctx.state.tags.set(tagId, { tagId, accountId: ctx.account.accountId, ...tag });
    return tagId;
  });
  return ok(CODES.tagCreated, ids.length === 1 ? { tagId: ids[0] } : { tagIds: ids });
};
