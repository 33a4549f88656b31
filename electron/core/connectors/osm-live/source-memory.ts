/**
 * What a live OSM connector learnt (the previous answer, the versions stored), kept across its
 * restarts in this process: a source restarts whenever its settings change (a "Watch upstream"
 * adds an element), and without this it would fetch every watched element's history again, or
 * compare its next Overpass answer with nothing. Keyed by source and by the settings the memory
 * depends on (a changed query starts afresh); an app restart starts afresh (docs/connectors.md).
 */

const memories = new Map<string, unknown>();

/** The memory of `sourceId` under `key`, made by `make` the first time. */
export function sourceMemory<T>(sourceId: string, key: string, make: () => T): T {
  const id = `${sourceId}\u0000${key}`;
  // Whatever else this source remembered (under older settings) is dropped.
  for (const k of memories.keys()) if (k.startsWith(`${sourceId}\u0000`) && k !== id) memories.delete(k);
  if (!memories.has(id)) memories.set(id, make());
  return memories.get(id) as T;
}
