/**
 * The `team.*` methods behind the "Team database" settings (issue 19 items 2 and 4): the team
 * database a desktop on its own SQLite store syncs through, saved in settings.json as a URL without
 * its password plus the password sealed with the credential key (the desktop keychain, Electron
 * safeStorage, where there is one: secrets/secret-key.ts). The team sync starts at the app's start,
 * so a change applies at the next one; the methods say so rather than half-apply it. A URL set by
 * TRACKER_TEAM_DATABASE_URL or `--team-database` wins over the settings and cannot be changed here.
 */
import pg from 'pg';
import { redactUrl } from '../../../db/pg/pg-store.js';
import { AppError } from '../../contract/errors.js';
import type { MethodParams, MethodResult } from '../../contract/methods.js';
import type { TeamSettings, teamMethods } from '../../contract/methods/team.js';
import { readSavedSettings, saveSettings } from '../config.js';
import type { SecretBox } from '../secrets/secret-box.js';

type TeamMethod = keyof typeof teamMethods;
export type TeamSettingsHandlers = {
  [M in TeamMethod]: (params: MethodParams<M>) => Promise<MethodResult<M>>;
};

export interface TeamSettingsDeps {
  settingsFile: string;
  box: SecretBox;
  /** Where the credential key that seals the password lives. */
  keySource: TeamSettings['password_store'];
  /** The team database is set by the environment or the command line (the settings cannot change it). */
  managed: boolean;
  /** The team database URL this run syncs through (may hold a password), or null. */
  activeUrl: string | null;
  /** This instance's own store is SQLite (an instance on Postgres shares that database directly). */
  available: boolean;
  /** Bound of a connection test (default 5 s). */
  connectTimeoutMs?: number;
}

/** The URL to connect with: the saved one's password put back when the URL has none. */
export function teamUrlWithPassword(url: string, sealed: string | null | undefined, box: SecretBox): string {
  const u = new URL(url);
  if (u.password !== '' || !sealed) return url;
  u.password = box.open(sealed);
  return u.toString();
}

/** `url` split into the URL without its password and the password (undefined when it holds none). */
function splitPassword(url: string): { bare: string; password: string | undefined } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid(`Team database URL '${redactUrl(url)}' is not a valid URL.`, 'url');
  }
  if (u.hostname === '') throw invalid(`Team database URL '${redactUrl(url)}' names no host.`, 'url');
  const password = u.password === '' ? undefined : decodeURIComponent(u.password);
  u.password = '';
  return { bare: u.toString(), password };
}

function invalid(message: string, field: string): AppError {
  return new AppError('INVALID_INPUT', message, { details: { field } });
}

/** Builds the handlers; `team.setSettings` writes settings.json, the others only read. */
export function createTeamSettingsHandlers(deps: TeamSettingsDeps): TeamSettingsHandlers {
  const { settingsFile, box } = deps;
  const activeBare = deps.activeUrl === null ? null : splitPassword(deps.activeUrl).bare;
  // What the saved settings were when this run started (they are what it uses, unless managed).
  const atStart = JSON.stringify(savedPair());

  function savedPair(): { url: string | null; sealed: string | null } {
    const s = readSavedSettings(settingsFile);
    return { url: s.teamDatabaseUrl ?? null, sealed: s.teamDatabasePasswordSealed ?? null };
  }

  function current(): TeamSettings {
    const saved = savedPair();
    return {
      url: saved.url === null ? null : redactUrl(saved.url),
      password_saved: saved.sealed !== null,
      managed: deps.managed,
      active_url: activeBare === null ? null : redactUrl(activeBare),
      restart_needed: !deps.managed && JSON.stringify(saved) !== atStart,
      available: deps.available,
      password_store: deps.keySource,
    };
  }

  return {
    async 'team.settings'() {
      return current();
    },

    async 'team.setSettings'(params) {
      if (deps.managed)
        throw new AppError(
          'CONFLICT',
          'The team database is set by TRACKER_TEAM_DATABASE_URL or --team-database, which win over the settings; change it there.',
        );
      if (!deps.available && params.url !== null)
        throw new AppError(
          'CONFLICT',
          "This instance's store is Postgres, which it shares directly; a team database is for a desktop on its own SQLite store.",
        );
      if (params.url === null) {
        saveSettings(settingsFile, {}, ['teamDatabaseUrl', 'teamDatabasePasswordSealed', 'teamDatabasePassword']);
        return current();
      }
      const { bare, password: inUrl } = splitPassword(params.url);
      if (inUrl !== undefined && typeof params.password === 'string')
        throw invalid('The team database URL holds a password and a password was given too; give it once.', 'password');
      const password = inUrl ?? params.password;
      const saved = savedPair();
      // Omitted: the saved password stays, unless the database it was for changed.
      const keep = password === undefined && saved.sealed !== null && saved.url === bare;
      const sealed = typeof password === 'string' ? box.seal(password) : keep ? saved.sealed : null;
      saveSettings(
        settingsFile,
        { teamDatabaseUrl: bare, ...(sealed === null ? {} : { teamDatabasePasswordSealed: sealed }) },
        sealed === null ? ['teamDatabasePasswordSealed'] : [],
      );
      return current();
    },

    async 'team.testConnection'(params) {
      const saved = savedPair();
      const url = params.url ?? saved.url ?? (deps.activeUrl === null ? undefined : deps.activeUrl);
      if (url === undefined) throw invalid('No team database URL was given and none is saved.', 'url');
      const { bare, password: inUrl } = splitPassword(url);
      const password =
        params.password ?? inUrl ?? (saved.sealed !== null && saved.url === bare ? box.open(saved.sealed) : undefined);
      const u = new URL(bare);
      if (password !== undefined) u.password = password;
      const shown = redactUrl(bare);
      const client = new pg.Client({
        connectionString: u.toString(),
        connectionTimeoutMillis: deps.connectTimeoutMs ?? 5000,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const r = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
        return { ok: true, url: shown, message: `Connected to ${shown} (PostgreSQL ${r.rows[0]?.version ?? '?'}).` };
      } catch (err) {
        const reason = (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
        return { ok: false, url: shown, message: `Could not connect to ${shown}: ${reason}.` };
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}
