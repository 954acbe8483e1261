import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let sequence = 0;

/**
 * Replaces `path` with `text` so that a reader (or a crash at any instant, even SIGKILL) sees
 * either the old file or the new one, never a mix: write a temporary file in the same directory,
 * flush it to disk, rename it over the target (atomic on POSIX file systems), then flush the
 * directory so that the rename itself survives a power cut. The file is created readable and
 * writable by its owner only (0600).
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  sequence += 1;
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${sequence}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

/**
 * Flushes a directory's entries (the rename) to disk. Windows cannot open a directory for this
 * (EISDIR/EPERM), and some file systems refuse fsync on one (EINVAL): there the rename is as
 * durable as the platform makes it, and the write still succeeded.
 */
async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
