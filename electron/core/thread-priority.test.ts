import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const MODULE = pathToFileURL(fileURLToPath(new URL('./thread-priority.ts', import.meta.url))).href;

/** A thread's nice value as the kernel reports it (field 19 of /proc/<pid>/task/<tid>/stat). */
function niceOf(tid: number): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** Runs lowerThreadPriority(steps) in a fresh worker thread; answers its result, tid and nice after. */
function inWorker(steps: number): Promise<{ applied: boolean; tid: number; nice: number }> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { readlinkSync, readFileSync } = require('node:fs');
    (async () => {
      const { register } = await import('tsx/esm/api');
      register();
      const { lowerThreadPriority } = await import(${JSON.stringify(MODULE)});
      const applied = lowerThreadPriority(${steps});
      const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
      const stat = readFileSync('/proc/thread-self/stat', 'utf8');
      const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      parentPort.postMessage({ applied, tid, nice });
    })();
  `;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', (m: { applied: boolean; tid: number; nice: number }) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe.runIf(process.platform === 'linux')('lowerThreadPriority (Linux)', () => {
  it('raises the nice value of the calling thread only, by the steps asked, up to 19', async () => {
    const before = getPriority(process.pid);
    const threadBefore = niceOf(Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]));
    const lowered = await inWorker(5);
    expect(lowered.applied).toBe(true);
    expect(lowered.nice).toBe(Math.min(19, threadBefore + 5));
    // The process (its main thread) and this thread keep theirs.
    expect(getPriority(process.pid)).toBe(before);
    expect(niceOf(Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]))).toBe(threadBefore);
    const lowest = await inWorker(40);
    expect(lowest.nice).toBe(19);
  });
});
