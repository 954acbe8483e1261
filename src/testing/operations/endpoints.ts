/**
 * Simulated endpoint operations: CreateEndPoint, GetEndPointProfile, GetEndPoints,
 * EndPointActivation, EndPointLifeCycleChange, DeleteEndPoint and Modify Endpoint (add-ons).
 *
 * State rules follow BICS "What are the different SIM states": a new endpoint is Pre-Active (its SIM
 * too), activation makes both Active, suspend ⇔ resume between Active and Suspended.
 *
 * @module
 */
import { endpointNameSchema } from '../../schemas.js';
import { SIMULATED_RESULT_CODES as CODES, MAX_ACTIVE_ADDONS } from '../codes.js';
import { bump, markActive, type SimulatedEndpoint } from '../state.js';
import { fail, ok, readBoolean, readText, readTextList } from '../wire.js';
import {
  findEndpoint,
  incorrect,
  isOutcome,
  type OperationHandler,
  pageOf,
  readPaging,
  readRequest,
} from './context.js';

/** `POST /api/CreateEndPoint`: creates an endpoint, optionally links a SIM and activates it. */
export const createEndpoint: OperationHandler = (ctx) => {
  const request = readRequest(ctx.request.body);
  if (!request) return incorrect('Request', 'mandatory');
  const p = request.requestParam;
  const strict = ctx.settings.requireMandatoryCreateFields;

  const name = readText(p.name);
  if (name === undefined || !endpointNameSchema.safeParse(name).success) {
    return incorrect('name', 'mandatory, 1-100 characters');
  }
  const isLinkSim = readBoolean(p.isLinkSIM);
  if (isLinkSim === 'invalid') return incorrect('isLinkSIM', 'true or false');
  if (isLinkSim === undefined && strict) return incorrect('isLinkSIM', 'mandatory');
  const roamingProfileId = readText(p.roamingProfileId);
  if (roamingProfileId === undefined && strict) return incorrect('roamingProfileId', 'mandatory');
  const activation = readBoolean(p.isDefaultActivation);
  if (activation === 'invalid') return incorrect('isDefaultActivation', 'true or false');
  const addonPlanIds = readTextList(p.addonPlanIds);
  if (addonPlanIds === 'invalid') return incorrect('addonPlanIds', 'an array of plan ids');
  if (addonPlanIds && addonPlanIds.length > MAX_ACTIVE_ADDONS) return fail(CODES.tooManyAddons);

  const iccid = isLinkSim ? readText(p.iccid) : undefined;
  if (isLinkSim && iccid === undefined) return incorrect('iccid', 'mandatory when isLinkSIM is true');
  const sim = iccid === undefined ? undefined : ctx.state.sims.get(iccid);
  if (iccid !== undefined && !sim) return fail(CODES.simNotFound, iccid);
  if (sim && (sim.status !== 'Ready To Activate' || sim.endpointId))
    return fail(CODES.simNotAvailable, sim.iccid);

  const endpoint: SimulatedEndpoint = {
    endpointId: String(ctx.state.nextEndpointSerial++),
    accountId: ctx.account.accountId,
    name,
    status: 'Pre-Active',
    addons: [],
    everActivated: false,
    createdAt: ctx.nowMs,
  };
  if (roamingProfileId !== undefined) endpoint.roamingProfileId = roamingProfileId;
  const planId = readText(p.planId);
  if (planId !== undefined) endpoint.planId = planId;
  const apnGroupId = readText(p.apnGroupId);
  if (apnGroupId !== undefined) endpoint.apnGroupId = apnGroupId;
  for (const addonPlanId of addonPlanIds ?? []) {
    endpoint.addons.push({ uniqueId: `ADN${ctx.state.nextAddonSerial++}`, addonPlanId });
  }
  ctx.state.endpoints.set(endpoint.endpointId, endpoint);
  if (sim) {
    endpoint.iccid = sim.iccid;
    sim.endpointId = endpoint.endpointId;
    sim.status = 'Pre-Active';
    bump(ctx.state.counters.endpointsCreatedByIccid, sim.iccid);
    // Activation needs a linked SIM (the portal offers "Activate Immediately" only then).
    if (activation ?? ctx.settings.activateWhenDefaultActivationAbsent) markActive(ctx.state, endpoint);
  }
  return ok(CODES.createEndpointSuccess, { endPointId: endpoint.endpointId });
};

function basicInfo(ctx: Parameters<OperationHandler>[0], endpoint: SimulatedEndpoint) {
  const sim = endpoint.iccid ? ctx.state.sims.get(endpoint.iccid) : undefined;
  return {
    endPointId: endpoint.endpointId,
    name: endpoint.name,
    iccid: sim?.iccid ?? '-',
    msisdn: sim?.msisdn ?? '-',
    imsi: sim?.imsi ?? '-',
    imeiLockStatus: 'Unlocked',
    endPointStatus: endpoint.status,
  };
}

/** `GET /api/GetEndPointProfile?endPointId=`: answers `Response.info.basicInfo`. */
export const getEndpointProfile: OperationHandler = (ctx) => {
  const endpoint = findEndpoint(ctx, ctx.request.query.get('endPointId') ?? undefined);
  if (isOutcome(endpoint)) return endpoint;
  return ok(CODES.success, { info: { basicInfo: basicInfo(ctx, endpoint) } });
};

/** `GET /api/GetEndPoints?page=&perPage=`: the account's endpoints in creation order. */
export const listEndpoints: OperationHandler = (ctx) => {
  const paging = readPaging(ctx);
  if (isOutcome(paging)) return paging;
  const mine = (e: SimulatedEndpoint) => e.accountId === ctx.account.accountId;
  const rows = pageOf(ctx.state.endpoints.values(), paging, mine).map((endpoint) => ({
    ...basicInfo(ctx, endpoint),
    ...(endpoint.roamingProfileId ? { roamingProfileId: endpoint.roamingProfileId } : {}),
    ...(endpoint.planId ? { planId: endpoint.planId } : {}),
  }));
  return ok(rows.length ? CODES.success : CODES.noData, { responseParam: { rows } });
};

/** `POST /api/EndPointActivation`: Pre-Active (with a SIM) → Active, endpoint and SIM. */
export const activateEndpoint: OperationHandler = (ctx) => {
  const endpoint = findEndpoint(ctx, readRequest(ctx.request.body)?.endPointId);
  if (isOutcome(endpoint)) return endpoint;
  if (endpoint.status === 'Active') return fail(CODES.endpointAlreadyActive, endpoint.endpointId);
  if (!endpoint.iccid) return fail(CODES.simNotAttached, endpoint.endpointId);
  if (endpoint.status !== 'Pre-Active') {
    return fail(CODES.invalidStateTransition, `${endpoint.status}; use EndPointLifeCycleChange A to resume`);
  }
  markActive(ctx.state, endpoint);
  return ok(CODES.endpointActivated);
};

/** `POST /api/EndPointLifeCycleChange` with `lifeCycle` "A" (activate/resume) or "S" (suspend). */
export const changeLifecycle: OperationHandler = (ctx) => {
  const request = readRequest(ctx.request.body);
  const endpoint = findEndpoint(ctx, request?.endPointId);
  if (isOutcome(endpoint)) return endpoint;
  const lifeCycle = readText(request?.requestParam.lifeCycle)?.toUpperCase();
  if (lifeCycle !== 'A' && lifeCycle !== 'S') return incorrect('lifeCycle', 'A or S');
  const sim = endpoint.iccid ? ctx.state.sims.get(endpoint.iccid) : undefined;
  if (lifeCycle === 'A') {
    if (endpoint.status === 'Active') return fail(CODES.endpointAlreadyActive, endpoint.endpointId);
    if (!sim) return fail(CODES.simNotAttached, endpoint.endpointId);
    markActive(ctx.state, endpoint);
    return ok(CODES.lifecycleChanged);
  }
  if (endpoint.status !== 'Active') {
    return fail(
      CODES.invalidStateTransition,
      `only an Active endpoint can be suspended (is ${endpoint.status})`,
    );
  }
  endpoint.status = 'Suspended';
  if (sim) sim.status = 'Suspended';
  return ok(CODES.lifecycleChanged);
};

/** `POST /api/DeleteEndPoint`: removes the endpoint; its SIM (if any) returns to Ready To Activate. */
export const deleteEndpoint: OperationHandler = (ctx) => {
  const endpoint = findEndpoint(ctx, readRequest(ctx.request.body)?.endPointId);
  if (isOutcome(endpoint)) return endpoint;
  const sim = endpoint.iccid ? ctx.state.sims.get(endpoint.iccid) : undefined;
  if (sim) {
    sim.endpointId = undefined;
    sim.status = 'Ready To Activate';
  }
  ctx.state.endpoints.delete(endpoint.endpointId);
  return ok(CODES.endpointDeleted);
};

/**
 * `PATCH /api/endpoint` with `addAddonPlanIds[]` / `removeAddonUniqueIds[]` (*unverified*: seen in
 * working clients). Removals apply first; more than 15 active add-ons is refused with no change.
 * Answers the endpoint's add-ons as `responseParam.addons` (*simulator assumption*).
 */
export const modifyEndpoint: OperationHandler = (ctx) => {
  const request = readRequest(ctx.request.body);
  const endpoint = findEndpoint(ctx, request?.endPointId);
  if (isOutcome(endpoint)) return endpoint;
  const add = readTextList(request?.requestParam.addAddonPlanIds);
  const remove = readTextList(request?.requestParam.removeAddonUniqueIds);
  if (add === 'invalid') return incorrect('addAddonPlanIds', 'an array of plan ids');
  if (remove === 'invalid') return incorrect('removeAddonUniqueIds', 'an array of add-on unique ids');
  if (!add?.length && !remove?.length) return incorrect('requestParam', 'nothing to modify');
  const missing = (remove ?? []).find((id) => !endpoint.addons.some((a) => a.uniqueId === id));
  if (missing !== undefined) return fail(CODES.addonNotFound, missing);
  const kept = endpoint.addons.filter((a) => !remove?.includes(a.uniqueId));
  if (kept.length + (add?.length ?? 0) > MAX_ACTIVE_ADDONS) return fail(CODES.tooManyAddons);
  for (const addonPlanId of add ?? []) {
    kept.push({ uniqueId: `ADN${ctx.state.nextAddonSerial++}`, addonPlanId });
  }
  endpoint.addons = kept;
  return ok(CODES.modifyEndpointSuccess, {
    responseParam: { addons: kept.map((a) => ({ uniqueId: a.uniqueId, addonPlanId: a.addonPlanId })) },
  });
};
