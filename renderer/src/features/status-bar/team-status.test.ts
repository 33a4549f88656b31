import { describe, expect, it } from 'vitest';
import { teamStatusText, teamStatusTitle } from './team-status.js';

describe('teamStatusText', () => {
  it('says synced, how many changes are pending, or since when the team database is offline', () => {
    expect(teamStatusText({ state: 'synced', pending: 0 })).toBe('team: synced');
    expect(teamStatusText({ state: 'pending', pending: 1234 })).toBe('team: 1,234 pending');
    const since = new Date(2026, 11, 7, 9, 5, 30);
    expect(teamStatusText({ state: 'offline', pending: 3, offline_since: since.toISOString() })).toBe(
      'team: offline since 09:05',
    );
    expect(teamStatusText({ state: 'offline', pending: 3 })).toBe('team: offline');
  });

  it('says a resync is running, with the objects applied so far, and why in the tooltip', () => {
    const pruned = { state: 'resyncing', pending: 2, resync: { reason: 'pruned', objects: 12_500 } } as const;
    expect(teamStatusText(pruned)).toBe('team: resyncing (12,500 objects)');
    expect(teamStatusTitle(pruned)).toContain('no longer reaches back');
    expect(teamStatusTitle(pruned)).toContain('2 local changes waiting');
    const join = { state: 'resyncing', pending: 0, resync: { reason: 'join', objects: 0 } } as const;
    expect(teamStatusTitle(join)).toContain('Joining the team');
  });

  it('names the waiting changes in the tooltip', () => {
    expect(teamStatusTitle({ state: 'offline', pending: 1 })).toContain('1 local change waiting');
    expect(teamStatusTitle({ state: 'synced', pending: 0 })).toContain('Every local change');
  });
});
