import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let sequence = 0;

/**
 * Replaces `path` with `text` so that a reader (or a crash at any instant, even SIGKILL) sees
 * either the old file or the new one, never a mix: write a temporary file in the same directory,
 * flush it to disk, then rename it over the target (atomic on POSIX file systems). The file is
 * created readable and writable by its owner only (0600).
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  sequence += 1;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${sequence}.tmp`);
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
}
