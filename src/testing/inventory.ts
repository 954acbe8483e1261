/**
 * The simulated SIM inventory: generated deterministically from a seed, with valid Luhn ICCIDs and an
 * eSIM activation code per SIM, exportable as CSV for demos and users' own tests.
 *
 * @module
 */
import { luhnCheckDigit } from '../internal/luhn.js';
import type { SimStatus } from './codes.js';
import { createSeededRandom, hashSeed, type SeededRandom } from './random.js';

/** One simulated SIM (an eSIM profile). */
export interface SimulatedSim {
  /** 19 or 20 digits, the last a Luhn check digit. */
  iccid: string;
  /** The eUICC id (32 digits). */
  eid: string;
  /** The SIM's IMSI. */
  imsi: string;
  /** The SIM's MSISDN. */
  msisdn: string;
  /** The SIM product name shown by fetchSIM. */
  simProduct: string;
  /** The SIM's state. */
  status: SimStatus;
  /** The endpoint the SIM is linked to, if any. */
  endpointId?: string;
  /** eSIM activation code (`textQrCode` is `LPA:1$<smdp>$<matchingId>`). */
  activationCode: {
    /** The LPA string a traveller scans as a QR code. */
    textQrCode: string;
    /** The SM-DP+ address (wire key spelled `smDpPlusAdress`, as observed). */
    smDpPlusAdress: string;
    /** The matching id. */
    matchingId: string;
  };
  /** A suggested endpoint name for this SIM (used by the CSV export). */
  suggestedName: string;
}

/** How the inventory is generated. */
export interface SimInventoryOptions {
  /** Number of SIMs. */
  count: number;
  /** Seed: the same seed gives the same inventory. */
  seed: number;
  /** ICCID length, 19 or 20. Default 19. */
  iccidLength?: 19 | 20;
  /** Leading ICCID digits (issuer). Default `'89320420'` (89 telecom, 32 Belgium). */
  iccidPrefix?: string;
  /** SM-DP+ address in activation codes. Default `'smdp.example'`. */
  smdpAddress?: string;
}

const SIM_PRODUCT = 'IPP Consumer eUICC LPWAN';
const MATCHING_ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function digits(random: SeededRandom, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(random.next() * 10).toString();
  return out;
}

function matchingId(random: SeededRandom): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += MATCHING_ID_ALPHABET[Math.floor(random.next() * 32)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Generates the inventory: every SIM Ready To Activate and unlinked, ICCIDs ascending and unique. */
export function generateSimInventory(options: SimInventoryOptions): SimulatedSim[] {
  const iccidLength = options.iccidLength ?? 19;
  const prefix = options.iccidPrefix ?? '89320420';
  const smdp = options.smdpAddress ?? 'smdp.example';
  if (!/^\d{2,12}$/.test(prefix)) throw new RangeError('iccidPrefix must be 2-12 digits');
  const random = createSeededRandom(hashSeed(`sims:${options.seed}`));
  const batch = digits(random, 3);
  const serialWidth = iccidLength - 1 - prefix.length - batch.length;
  if (options.count > 10 ** serialWidth)
    throw new RangeError(`at most ${10 ** serialWidth} SIMs fit this prefix`);
  const sims: SimulatedSim[] = [];
  for (let i = 0; i < options.count; i++) {
    const payload = prefix + batch + String(i + 1).padStart(serialWidth, '0');
    const id = matchingId(random);
    sims.push({
      iccid: payload + luhnCheckDigit(payload),
      eid: `89049032${digits(random, 24)}`,
      imsi: `20601${digits(random, 10)}`,
      msisdn: `32470${digits(random, 7)}`,
      simProduct: SIM_PRODUCT,
      status: 'Ready To Activate',
      activationCode: { textQrCode: `LPA:1$${smdp}$${id}`, smDpPlusAdress: smdp, matchingId: id },
      suggestedName: `sim-${String(i + 1).padStart(6, '0')}`,
    });
  }
  return sims;
}

/**
 * The inventory as CSV with a header: `iccid,name` (the format `sft-endpoints provision --input`
 * reads). `name` is a suggestion; the SDK accepts any name.
 */
export function simInventoryCsv(sims: readonly Pick<SimulatedSim, 'iccid' | 'suggestedName'>[]): string {
  const lines = ['iccid,name'];
  for (const sim of sims) lines.push(`${sim.iccid},${sim.suggestedName}`);
  return `${lines.join('\n')}\n`;
}
