/**
 * Simulated SIM operations: fetchSIM (filters and paging), LinkSim and DeLinkSim.
 *
 * Rules (BICS "Link SIM to endpoint", "SIM states"): only a Ready To Activate, unlinked SIM can be
 * linked, to an endpoint without a SIM; linking makes endpoint and SIM Pre-Active; de-linking puts the
 * endpoint on Hold and the SIM back to Ready To Activate. One SIM ↔ one endpoint.
 *
 * @module
 */
import { SIMULATED_RESULT_CODES as CODES, SIM_ATTACH_STATUS_IDS, SIM_STATUS_IDS } from '../codes.js';
import type { SimulatedSim } from '../inventory.js';
import { fail, ok, readText } from '../wire.js';
import {
  findEndpoint,
  incorrect,
  isOutcome,
  type OperationHandler,
  pageOf,
  readPaging,
  readRequest,
} from './context.js';

/** A SIM as a `fetchSIM` row (keys as observed in working clients). */
export function simRow(sim: SimulatedSim) {
  return {
    iccid: sim.iccid,
    endPointId: sim.endpointId ?? '-',
    simStatus: sim.status,
    simAttachStatus: sim.endpointId ? 'ATTACHED' : 'NOT ATTACHED',
    simProduct: sim.simProduct,
    eid: sim.eid,
    activationCode: { ...sim.activationCode },
    iMSIList: [{ supplierIMSIList: [{ sponsorName: 'BICS', supplierIMSI: sim.imsi }] }],
  };
}

/** `GET /api/fetchSIM?iccid=&simStatusId=&simAttachStatusId=&page=&perPage=`. */
export const fetchSims: OperationHandler = (ctx) => {
  const paging = readPaging(ctx);
  if (isOutcome(paging)) return paging;
  const { query } = ctx.request;
  const iccid = query.get('iccid') || undefined;
  const statusId = query.get('simStatusId') || undefined;
  const attachId = query.get('simAttachStatusId') || undefined;
  const status = statusId === undefined ? undefined : SIM_STATUS_IDS[statusId];
  if (statusId !== undefined && status === undefined) {
    return incorrect('simStatusId', `one of ${Object.keys(SIM_STATUS_IDS).join(', ')}`);
  }
  const attached = attachId === undefined ? undefined : SIM_ATTACH_STATUS_IDS[attachId];
  if (attachId !== undefined && attached === undefined) return incorrect('simAttachStatusId', '0 or 1');

  const one = iccid === undefined ? undefined : ctx.state.sims.get(iccid);
  const candidates: Iterable<SimulatedSim> = iccid === undefined ? ctx.state.sims.values() : one ? [one] : [];
  const keep = (sim: SimulatedSim) =>
    (status === undefined || sim.status === status) &&
    (attached === undefined || Boolean(sim.endpointId) === attached);
  const rows = pageOf(candidates, paging, keep).map(simRow);
  return ok(rows.length ? CODES.success : CODES.noData, { responseParam: { rows } });
};

/** `POST /api/LinkSim` `{ Request: { endPointId, requestParam: { iccid } } }`. */
export const linkSim: OperationHandler = (ctx) => {
  const request = readRequest(ctx.request.body);
  const endpoint = findEndpoint(ctx, request?.endPointId);
  if (isOutcome(endpoint)) return endpoint;
  const iccid = readText(request?.requestParam.iccid);
  if (iccid === undefined) return incorrect('iccid', 'mandatory');
  if (endpoint.iccid)
    return fail(CODES.invalidStateTransition, 'the endpoint already has a SIM; de-link it first');
  if (endpoint.status !== 'Hold' && endpoint.status !== 'Pre-Active') {
    return fail(CODES.invalidStateTransition, `cannot link a SIM to a ${endpoint.status} endpoint`);
  }
  const sim = ctx.state.sims.get(iccid);
  if (!sim) return fail(CODES.simNotFound, iccid);
  if (sim.status !== 'Ready To Activate' || sim.endpointId) return fail(CODES.simNotAvailable, iccid);
  sim.endpointId = endpoint.endpointId;
  sim.status = 'Pre-Active';
  endpoint.iccid = sim.iccid;
  endpoint.status = 'Pre-Active';
  return ok(CODES.linkSimSuccess);
};

/** `POST /api/DeLinkSim` `{ Request: { endPointId } }`. */
export const delinkSim: OperationHandler = (ctx) => {
  const endpoint = findEndpoint(ctx, readRequest(ctx.request.body)?.endPointId);
  if (isOutcome(endpoint)) return endpoint;
  const sim = endpoint.iccid ? ctx.state.sims.get(endpoint.iccid) : undefined;
  if (!sim) return fail(CODES.simNotAttached, endpoint.endpointId);
  sim.endpointId = undefined;
  sim.status = 'Ready To Activate';
  endpoint.iccid = undefined;
  endpoint.status = 'Hold';
  return ok(CODES.simDelinked);
};
