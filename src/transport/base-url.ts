/**
 * The base-URL policy: HTTPS only, plain HTTP for loopback hosts or on explicit request.
 *
 * @module
 */
import { SftValidationError } from '../errors.js';

/** The platform's production base URL. */
export const DEFAULT_BASE_URL = 'https://sft.bics.com';

/** Whether `hostname` (as `URL.hostname` gives it) is a loopback host: 127.0.0.0/8, localhost, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Parses and checks a base URL; returns it without a trailing slash. Throws
 * {@link SftValidationError} (field `baseUrl`) for a malformed URL, a protocol other than http(s),
 * a user name/password or query string in the URL, or `http:` to a non-loopback host without
 * `allowInsecureHttp` (credentials would travel in clear). The message never echoes the URL.
 */
export function resolveBaseUrl(baseUrl: string = DEFAULT_BASE_URL, allowInsecureHttp = false): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new SftValidationError([
      { field: 'baseUrl', message: 'must be an absolute URL such as https://sft.bics.com' },
    ]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SftValidationError([
      { field: 'baseUrl', message: 'must use https: (or http: for a local simulator)' },
    ]);
  }
  if (url.username !== '' || url.password !== '') {
    // Not echoed: fetch would refuse it anyway, with an error quoting the URL, password included.
    throw new SftValidationError([
      {
        field: 'baseUrl',
        message: 'must not contain a user name or password; pass them as credentials { username, password }',
      },
    ]);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new SftValidationError([
      {
        field: 'baseUrl',
        message: 'must not contain a query string or fragment (operation paths are appended)',
      },
    ]);
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new SftValidationError([
      {
        field: 'baseUrl',
        message:
          'plain http: is refused for non-loopback hosts because credentials would travel unencrypted; use https:, or set allowInsecureHttp: true on purpose',
      },
    ]);
  }
  return url.href.replace(/\/+$/, '');
}
