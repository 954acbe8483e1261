import { createRequire } from 'node:module';
import { SftStoreError } from '../../errors.js';

/** Loads a module the way `require` does (injectable so that a missing driver can be tested). */
export type RequireFunction = (id: string) => unknown;

/**
 * Loads an optional peer dependency (a database driver) only when the adapter that needs it is
 * used, so that the main entry never loads it. A missing or broken driver becomes an
 * `SftStoreError` reason `'driver-missing'` that names the package to install.
 */
export function loadOptionalDriver<T>(
  packageName: string,
  adapter: string,
  requireFn: RequireFunction = createRequire(import.meta.url),
): T {
  try {
    return requireFn(packageName) as T;
  } catch (error) {
    const missing =
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      String((error as Error).message).includes(packageName);
    const message = missing
      ? `${adapter} needs the optional package "${packageName}", which is not installed. Install it: npm install ${packageName}`
      : `${adapter} could not load the package "${packageName}" (${(error as Error).message}). Reinstall it: npm install ${packageName} (or npm rebuild ${packageName})`;
    throw new SftStoreError(message, { reason: 'driver-missing', operation: adapter, cause: error });
  }
}
