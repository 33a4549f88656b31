/**
 * Reassembles multi-sentence AIS messages: fragments are grouped by sentence kind (VDM/VDO),
 * channel and sequence id, may arrive in any order, and a group that is not complete within the
 * timeout (or is pushed out by newer groups, or restarted by a repeated fragment) is dropped with
 * a reason.
 */

export interface AisFragment {
  /** `VDM` or `VDO`. */
  kind: string;
  count: number;
  /** 1-based. */
  index: number;
  seqId: string;
  channel: string;
  payload: string;
  fillBits: number;
}

export interface Reassembled {
  payload: string;
  fillBits: number;
}

export interface FragmentAssembler {
  /** Adds a fragment at `now`; returns the whole message once its last fragment is in, and what was dropped. */
  add(fragment: AisFragment, now: number): { message?: Reassembled; dropped: string[] };
  /** Drops groups older than the timeout; returns one reason per dropped group. */
  expire(now: number): string[];
  /** Groups waiting for fragments. */
  pending(): number;
}

interface Group {
  parts: (AisFragment | undefined)[];
  received: number;
  firstAt: number;
}

export interface AssemblerOptions {
  /** A group not complete this long after its first fragment is dropped. */
  timeoutMs: number;
  /** Most groups waiting at once; the oldest is dropped beyond it. */
  maxPending: number;
}

/** Creates an assembler for one stream of sentences. */
export function createFragmentAssembler(options: AssemblerOptions): FragmentAssembler {
  // Insertion order is age order: the first entry is the oldest group.
  const groups = new Map<string, Group>();

  const describe = (key: string, g: Group, why: string): string => {
    const [kind, channel, seqId, count] = key.split('|');
    const missing = g.parts.flatMap((p, i) => (p === undefined ? [i + 1] : [])).join(', ');
    return `AIS ${kind} message with sequence id '${seqId}' on channel '${channel}' ${why}: fragment ${missing} of ${count} never arrived.`;
  };

  return {
    add(f, now) {
      const dropped = expireOld(now);
      const key = `${f.kind}|${f.channel}|${f.seqId}|${f.count}`;
      let g = groups.get(key);
      if (g && g.parts[f.index - 1] !== undefined) {
        // The same fragment again means the sender reused the sequence id: the old group is lost.
        dropped.push(describe(key, g, 'was restarted'));
        groups.delete(key);
        g = undefined;
      }
      if (!g) {
        g = { parts: new Array<AisFragment | undefined>(f.count).fill(undefined), received: 0, firstAt: now };
        groups.set(key, g);
        if (groups.size > options.maxPending) {
          const [oldKey, old] = groups.entries().next().value as [string, Group];
          groups.delete(oldKey);
          dropped.push(describe(oldKey, old, `was pushed out by ${options.maxPending} newer messages`));
        }
      }
      g.parts[f.index - 1] = f;
      g.received += 1;
      if (g.received < f.count) return { dropped };
      groups.delete(key);
      const parts = g.parts as AisFragment[];
      return {
        message: { payload: parts.map((p) => p.payload).join(''), fillBits: parts[parts.length - 1]?.fillBits ?? 0 },
        dropped,
      };
    },
    expire: (now) => expireOld(now),
    pending: () => groups.size,
  };

  function expireOld(now: number): string[] {
    const dropped: string[] = [];
    for (const [key, g] of groups) {
      if (now - g.firstAt < options.timeoutMs) break;
      groups.delete(key);
      dropped.push(describe(key, g, `timed out after ${options.timeoutMs} ms`));
    }
    return dropped;
  }
}
