/**
 * Add-on assignment and removal on one endpoint: `PATCH /api/endpoint` (operation `modifyEndpoint`).
 *
 * *Unverified*: this call and its fields `addAddonPlanIds` / `removeAddonUniqueIds` were seen in working
 * third-party clients, not in BICS documentation; the answer's `responseParam.addons` list is the
 * simulator's assumption. The limit of 15 active add-ons per endpoint is documented (BICS "Modify
 * Endpoint – Addon"). Override the path with the client option `operations.modifyEndpoint`.
 *
 * @module
 */
import { z } from 'zod';
import type { SftClient } from '../client.js';
import { SftValidationError, type SftValidationIssue } from '../errors.js';
import { endpointRequest } from '../transport/envelope.js';
import type { SftCallOptions } from '../transport/transport.js';

/** At most this many add-ons may be active on one endpoint (BICS docs). */
export const MAX_ACTIVE_ADDONS = 15;

/** Add-ons to subscribe and add-on instances to remove in one call. */
export interface AddonChange {
  /** Add-on plan ids to subscribe (each becomes an instance with its own `uniqueId`). */
  add?: readonly string[];
  /** `uniqueId`s of active add-on instances to remove. */
  remove?: readonly string[];
  /**
   * How many add-ons are active on the endpoint now, if you know it. With it the 15-add-on limit is
   * checked on the result (`activeCount - remove + add`); without it, only `add` itself is checked.
   */
  activeCount?: number;
}

/** One add-on instance on an endpoint. */
export interface EndpointAddon {
  /** The instance's id: pass it in `remove` to take it off. */
  uniqueId: string;
  /** The add-on plan it instantiates. */
  addonPlanId: string;
}

/** What the platform answered. */
export interface AddonChangeResult {
  /** The endpoint's add-ons after the change, when the platform lists them (*unverified*). */
  addons: EndpointAddon[] | undefined;
  /** The platform's result code (`resultParam.resultCode`), for the record. */
  resultCode: string | undefined;
}

const addonsAnswerSchema = z
  .object({
    addons: z
      .array(z.object({ uniqueId: z.coerce.string(), addonPlanId: z.coerce.string() }).loose())
      .optional(),
  })
  .loose();

/**
 * Subscribes and/or removes add-ons on one endpoint in one call. Validated before anything is sent:
 * a non-empty endpoint id, at least one id to add or remove, no blank or repeated id, and at most
 * {@link MAX_ACTIVE_ADDONS} active add-ons afterwards (see `activeCount`).
 *
 * A PATCH whose outcome is unknown (timeout, 10240) is thrown with `outcome: 'unknown'` and never
 * re-sent: subscribing twice would create two instances.
 *
 * @throws {@link SftValidationError} before sending; the transport's errors after.
 */
export async function modifyEndpointAddons(
  client: SftClient,
  endpointId: string,
  change: AddonChange,
  options: SftCallOptions = {},
): Promise<AddonChangeResult> {
  const add = [...(change.add ?? [])];
  const remove = [...(change.remove ?? [])];
  validateAddonChange(endpointId, add, remove, change.activeCount);
  const requestParam: Record<string, unknown> = {};
  if (add.length > 0) requestParam.addAddonPlanIds = add;
  if (remove.length > 0) requestParam.removeAddonUniqueIds = remove;
  const response = await client.transport.send('modifyEndpoint', {
    ...options,
    body: endpointRequest(endpointId, requestParam),
  });
  const parsed = addonsAnswerSchema.safeParse(response.responseParam ?? {});
  const addons = parsed.success
    ? parsed.data.addons?.map((a) => ({ uniqueId: a.uniqueId, addonPlanId: a.addonPlanId }))
    : undefined;
  return { addons, resultCode: response.resultParam?.resultCode };
}

/** Subscribes the add-on plans `planIds` on one endpoint; see {@link modifyEndpointAddons}. */
export function addEndpointAddons(
  client: SftClient,
  endpointId: string,
  planIds: readonly string[],
  options?: SftCallOptions & { activeCount?: number },
): Promise<AddonChangeResult> {
  const { activeCount, ...call } = options ?? {};
  return modifyEndpointAddons(client, endpointId, { add: planIds, activeCount }, call);
}

/** Removes the add-on instances `uniqueIds` from one endpoint; see {@link modifyEndpointAddons}. */
export function removeEndpointAddons(
  client: SftClient,
  endpointId: string,
  uniqueIds: readonly string[],
  options?: SftCallOptions,
): Promise<AddonChangeResult> {
  return modifyEndpointAddons(client, endpointId, { remove: uniqueIds }, options);
}

function validateAddonChange(
  endpointId: string,
  add: readonly string[],
  remove: readonly string[],
  activeCount: number | undefined,
): void {
  const issues: SftValidationIssue[] = [];
  if (typeof endpointId !== 'string' || endpointId.trim() === '') {
    issues.push({ field: 'endpointId', message: 'give the endpoint id' });
  }
  if (add.length === 0 && remove.length === 0) {
    issues.push({ field: 'add', message: 'give at least one add-on plan id to add or unique id to remove' });
  }
  checkIds('add', add, issues);
  checkIds('remove', remove, issues);
  const after = activeCount === undefined ? add.length : activeCount - remove.length + add.length;
  if (after > MAX_ACTIVE_ADDONS) {
    issues.push({
      field: 'add',
      message: `at most ${MAX_ACTIVE_ADDONS} add-ons may be active on an endpoint; this change would leave ${after}`,
    });
  }
  if (issues.length > 0) throw new SftValidationError(issues, { operation: 'modifyEndpoint' });
}

function checkIds(field: string, ids: readonly string[], issues: SftValidationIssue[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || id.trim() === '') {
      issues.push({ field: `${field}.${i}`, message: 'must be a non-empty id' });
    } else if (seen.has(id)) {
      issues.push({ field: `${field}.${i}`, message: `repeats ${id}` });
    }
    seen.add(id);
  });
}
