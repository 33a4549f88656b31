/**
 * Background threads yield to the live path: a worker whose work can wait (rule evaluation) lowers
 * its own scheduling priority, so when ingest keeps both cores busy the publishers' commits go first
 * and the background work catches up in the gaps. Linux only (there a thread has its own nice value,
 * found through /proc/thread-self); elsewhere, or when refused, the thread keeps its priority.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Raises the calling thread's nice value by `steps` (up to 19, the lowest); answers whether it was applied. */
export function lowerThreadPriority(steps: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // "<pid>/task/<tid>": the kernel id of this very thread.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, Math.min(19, getPriority(tid) + steps));
    return true;
  } catch {
    return false;
  }
}
