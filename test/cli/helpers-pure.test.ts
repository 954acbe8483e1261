// The CLI's pure helpers: store specs, redaction, CSV row mapping, progress text, tables, resume hint.
import { describe, expect, it } from 'vitest';
import { resumeCommand } from '../../src/cli/commands/activate.js';
import { listFilter } from '../../src/cli/commands/list.js';
import { provisionPace } from '../../src/cli/commands/sim.js';
import { tagSelection } from '../../src/cli/commands/tag.js';
import { resolveConfig } from '../../src/cli/config.js';
import { csvRecordToInput, splitTags } from '../../src/cli/csv-input.js';
import { describeError, redact, registerSecret } from '../../src/cli/describe-error.js';
import { CliUsageError } from '../../src/cli/exit-codes.js';
import { csvCell, defaultReportPath, failureReason } from '../../src/cli/failure-report.js';
import { formatTable } from '../../src/cli/output.js';
import { formatDuration, progressLine } from '../../src/cli/progress.js';
import { exitCodeFor } from '../../src/cli/run-action.js';
import { DEFAULT_STORE_SPEC, describeStoreSpec, parseStoreSpec } from '../../src/cli/store-spec.js';
import { SftAuthError, SftStoreError, SftValidationError } from '../../src/errors.js';

describe('store specs', () => {
  it('parses memory, json:PATH, sqlite:PATH and postgres URLs', () => {
    expect(parseStoreSpec('memory')).toEqual({ kind: 'memory' });
    expect(parseStoreSpec('json:./inv.json')).toEqual({ kind: 'json', path: './inv.json' });
    expect(parseStoreSpec('sqlite:/data/x.db')).toEqual({ kind: 'sqlite', path: '/data/x.db' });
    expect(parseStoreSpec('postgres://u:p@h/db')).toEqual({ kind: 'postgres', url: 'postgres://u:p@h/db' });
    expect(parseStoreSpec('postgresql://h/db')).toEqual({ kind: 'postgres', url: 'postgresql://h/db' });
  });

  it('rejects anything else with a usage error naming the accepted forms', () => {
    expect(() => parseStoreSpec('redis://x')).toThrow(CliUsageError);
    expect(() => parseStoreSpec('sqlite:')).toThrow(/memory, json:PATH, sqlite:PATH or a postgres:\/\/ URL/);
  });

  it('defaults to the embedded SQLite file and masks a URL password when printed', () => {
    expect(resolveConfig({}, {}).store).toEqual({ kind: 'sqlite', path: './sft-inventory.db' });
    expect(DEFAULT_STORE_SPEC).toBe('sqlite:./sft-inventory.db');
    expect(describeStoreSpec('postgres://app:hunter2@db:5432/sft')).toBe('postgres://app:***@db:5432/sft');
  });
});

describe('configuration', () => {
  it('lets flags override environment variables', () => {
    const env = { SFT_BASE_URL: 'https://env', SFT_USERNAME: 'env-user', SFT_STORE: 'memory' };
    const config = resolveConfig({ baseUrl: 'http://127.0.0.1:4010', store: 'json:x.json' }, env);
    expect(config.baseUrl).toBe('http://127.0.0.1:4010');
    expect(config.username).toBe('env-user');
    expect(config.store).toEqual({ kind: 'json', path: 'x.json' });
  });

  it('treats empty values (a set-but-empty variable commander copied into a flag) as unset', () => {
    const config = resolveConfig({ password: '', username: '', store: '', roamingProfileId: '' }, {});
    expect(config.password).toBeUndefined();
    expect(config.username).toBeUndefined();
    expect(config.roamingProfileId).toBeUndefined();
    expect(config.store).toEqual({ kind: 'sqlite', path: './sft-inventory.db' });
  });
});

describe('redaction', () => {
  it('masks registered secrets, URL passwords and bearer tokens', () => {
    registerSecret('pa55-w0rd');
    expect(redact('login with pa55-w0rd failed')).toBe('login with *** failed');
    expect(redact('postgres://me:pw@host/db')).toBe('postgres://me:***@host/db');
    expect(redact('X-Authorization: Bearer abc.def.ghi')).toBe('X-Authorization: Bearer ***');
    expect(redact('token eyJhbGciOi.eyJzdWIiOi.sig')).toBe('token ***');
  });

  it('describes an error as one line, with its class name', () => {
    expect(describeError(new Error('first\nsecond'))).toBe('first');
    expect(describeError(new SftAuthError('bad login', { reason: 'bad-credentials' }))).toBe(
      'SftAuthError: bad login',
    );
  });

  it('maps usage, validation and auth errors to exit code 2, others to 1', () => {
    expect(exitCodeFor(new CliUsageError('x'))).toBe(2);
    expect(exitCodeFor(new SftValidationError([{ field: 'a', message: 'b' }]))).toBe(2);
    expect(exitCodeFor(new SftAuthError('x', { reason: 'bad-credentials' }))).toBe(2);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
    expect(exitCodeFor(new SftStoreError('no pg', { reason: 'driver-missing' }))).toBe(2);
    expect(exitCodeFor(new SftStoreError('refused', { reason: 'unavailable' }))).toBe(1);
  });
});

describe('CSV rows', () => {
  it('defaults the name to the ICCID and splits tags on ;', () => {
    expect(csvRecordToInput({ iccid: ' 8932 0420 ' })).toEqual({ iccid: '89320420', name: '89320420' });
    expect(csvRecordToInput({ iccid: '1', name: 'n', tags: 'a; b;;a' }, ['batch-1'])).toEqual({
      iccid: '1',
      name: 'n',
      tags: ['a', 'b', 'batch-1'],
    });
    expect(splitTags(undefined)).toEqual([]);
  });

  it('writes report cells quoted when needed and names the report after the input', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(defaultReportPath('/data/batch.csv')).toBe('/data/batch.failed.csv');
    expect(failureReason(new SftValidationError([{ field: 'iccid', message: 'too short', row: 3 }]))).toBe(
      'iccid: too short',
    );
  });
});

describe('progress text', () => {
  it('shows count, percentage, rate and ETA', () => {
    expect(progressLine('provision', 50, 200, 10_000)).toBe('provision: 50/200 (25%) 5.0/s ETA 30s');
    expect(progressLine('provision', 5, undefined, 1000, 'created 5')).toBe('provision: 5 5.0/s created 5');
    expect(formatDuration(3_725_000)).toBe('1h2m');
    expect(formatDuration(125_000)).toBe('2m5s');
  });
});

describe('command helpers', () => {
  it('aligns tables', () => {
    expect(formatTable(['A', 'LONG'], [['xyz', 1]])).toBe('A    LONG\nxyz  1');
  });

  it('builds the list filter from flags', () => {
    expect(listFilter({ tag: 't', state: ['active'], unclaimed: true })).toEqual({
      tag: 't',
      state: 'active',
      claimed: false,
    });
  });

  it('refuses to tag without a selection', () => {
    expect(() => tagSelection({})).toThrow(CliUsageError);
    expect(tagSelection({ whereTag: 'a', whereState: 'pre-active' })).toEqual({
      filter: { tag: 'a', state: 'pre-active' },
    });
  });

  it('suggests a --max-tps matching the simulator limit only when it differs from the default 2', () => {
    expect(provisionPace(2)).toBe('');
    expect(provisionPace(50)).toBe(' --max-tps 50');
    expect(provisionPace(0)).toBe(' --max-tps 100');
  });

  it('prints the resume command without the password', () => {
    expect(resumeCommand(['--password', 's3cret', 'provision', '--input', 'my file.csv'])).toBe(
      "sft-endpoints provision --input 'my file.csv'",
    );
  });
});
