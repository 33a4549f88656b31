import { describe, expect, it } from 'vitest';
import { memoryLog } from './ingest-test-kit.js';
import { createListenerSet } from './listener-set.js';

describe('createListenerSet', () => {
  it('calls every listener in the order added, until it is removed', () => {
    const set = createListenerSet<[string, number]>(memoryLog(), 'test');
    const heard: string[] = [];
    set.add((a, n) => heard.push(`first ${a} ${n}`));
    const remove = set.add((a, n) => heard.push(`second ${a} ${n}`));
    set.emit('x', 1);
    remove();
    set.emit('y', 2);
    expect(heard).toEqual(['first x 1', 'second x 1', 'first y 2']);
  });

  it('logs a listener that throws and still calls the ones after it', () => {
    const log = memoryLog();
    const set = createListenerSet<[]>(log, 'committed-batch');
    let reached = false;
    set.add(() => {
      throw new Error('boom');
    });
    set.add(() => {
      reached = true;
    });
    expect(() => set.emit()).not.toThrow();
    expect(reached).toBe(true);
    expect(log.lines).toEqual([{ level: 'error', msg: 'A committed-batch listener threw.' }]);
  });
});
