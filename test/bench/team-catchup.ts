/**
 * Team bench rows for an offline-first desktop (issue 19 item 2): how fast a desktop that was
 * offline catches up, on real stores in this process. Out: CHANGES local updates wait in a SQLite
 * outbox, then the sync sends them (changes/s until "synced"), beside the same updates written
 * straight into the team Postgres with applyBatch. In: a desktop that had joined at the log's start
 * applies the team's change log of those updates (changes/s until its last applied sequence is the log's head), beside the same
 * updates written straight into a SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgStore } from '../../db/pg/pg-store.js';
import { openSqliteStore } from '../../db/sqlite/sqlite-store.js';
import type { IngestOp, Store } from '../../db/store.js';
import type { Logger } from '../../electron/contract/logger.js';
import { startTeamSync } from '../../electron/core/team/team-sync.js';
import type { BenchRow } from './bench-kit.js';

const CHANGES = 20_000;
const FLEET = 2_000;
const BATCH = 1_000;
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

async function source(store: Store, name: string): Promise<string> {
  const s = await store.createSource({
    name,
    description: '',
    type: 'websocket',
    connectionInfo: {},
    isActive: true,
    tokenHash: 'x',
  });
  return s.id;
}

/** CHANGES updates of a fleet of FLEET objects, in batches. */
function batches(sourceId: string, t0: number): IngestOp[][] {
  const out: IngestOp[][] = [];
  for (let first = 0; first < CHANGES; first += BATCH)
    out.push(
      Array.from({ length: BATCH }, (_, j) => {
        const i = first + j;
        const id = i % FLEET;
        return {
          op: 'upsert',
          sourceId,
          type: 'node',
          osmId: `d${id}`,
          tags: { kind: 'ship', speed: (i % 300) / 10 },
          geom: { type: 'Point', coordinates: [(id % 360) - 180 + i * 1e-6, (id % 170) - 85] },
          observedAt: t0 + i,
        } satisfies IngestOp;
      }),
    );
  return out;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 600_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('team catch-up did not finish in 10 minutes');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Rows: outbound and inbound catch-up of an offline desktop, each beside its raw baseline. */
export async function catchUpRows(teamUrl: string): Promise<BenchRow[]> {
  const dirs = [0, 1, 2].map((i) => mkdtempSync(join(tmpdir(), `bench-desk-${i}-`)));
  const open: Store[] = [];
  const sqlite = async (dir: string, teamOutbox: boolean) => {
    const s = await openSqliteStore(join(dir, 'tracker.db'), { teamOutbox, backup: { onClose: false } });
    open.push(s);
    return s;
  };
  try {
    const team = await openPgStore(teamUrl);
    open.push(team);
    const t0 = Date.now() - 50_000_000;
    // Raw baselines: the same updates straight into Postgres, and straight into SQLite.
    const rawPgOps = batches(await source(team, 'raw pg'), t0);
    let start = performance.now();
    for (const ops of rawPgOps) await team.applyBatch(ops);
    const rawPg = CHANGES / ((performance.now() - start) / 1000);
    const plain = await sqlite(dirs[2]!, false);
    const rawSqliteOps = batches(await source(plain, 'raw sqlite'), t0);
    await plain.applyBatch([]); // the writer thread starts outside the timing
    start = performance.now();
    for (const ops of rawSqliteOps) await plain.applyBatch(ops);
    const rawSqlite = CHANGES / ((performance.now() - start) / 1000);

    // Out: the outbox filled offline, then sent.
    const desk = await sqlite(dirs[0]!, true);
    for (const ops of batches(await source(desk, 'desk'), t0)) await desk.applyBatch(ops);
    const openTeam = (local: Store) => () => openPgStore(teamUrl, { instanceId: local.replica!.instanceId });
    start = performance.now();
    const out = startTeamSync({ local: desk, openTeam: openTeam(desk), ingest: { announceRemote() {} }, log: quiet });
    await until(async () => (await out.status()).state === 'synced');
    const pushRate = CHANGES / ((performance.now() - start) / 1000);
    await out.stop();

    // In: a fresh desktop reads the whole change log (both batches above).
    const log = await team.team!.changes.changesAfter(0, 1_000_000);
    const head = log.at(-1)!.seq;
    const inboundChanges = log.reduce((n, b) => n + b.results.length, 0);
    const fresh = await sqlite(dirs[1]!, true);
    // A desktop that joined when the log was empty and was away since: it catches up from the log.
    // (A desktop joining now would load the team's objects instead: team-resync.ts.)
    await fresh.replica!.applyInbound([], 0);
    start = performance.now();
    const inbound = startTeamSync({
      local: fresh,
      openTeam: openTeam(fresh),
      ingest: { announceRemote() {} },
      log: quiet,
    });
    await until(async () => (await fresh.replica!.lastSeq()) >= head);
    const pullRate = inboundChanges / ((performance.now() - start) / 1000);
    await inbound.stop();
    const note = `${CHANGES.toLocaleString('en')} updates of ${FLEET.toLocaleString('en')} objects, batches of ${BATCH}`;
    return [
      {
        name: 'team desktop catch-up out: outbox to Postgres (changes/s)',
        value: pushRate,
        baseline: rawPg,
        unit: 'changes/s',
        higherIsBetter: true,
        note: `baseline: the same updates written straight into Postgres with applyBatch; ${note}`,
      },
      {
        name: 'team desktop catch-up in: change log to SQLite (changes/s)',
        value: pullRate,
        baseline: rawSqlite,
        unit: 'changes/s',
        higherIsBetter: true,
        note: `baseline: the same updates written straight into SQLite with applyBatch; ${inboundChanges.toLocaleString('en')} changes read from the log (both runs above)`,
      },
    ];
  } finally {
    for (const s of open.reverse()) await s.close().catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
