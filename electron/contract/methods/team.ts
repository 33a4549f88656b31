/**
 * Contract slice: the team database a desktop on its own SQLite store syncs through (issue 19 items
 * 2 and 4), as the "Team database" settings show it. The URL is saved without its password; the
 * password is sealed with the credential key (the desktop keychain, Electron safeStorage, where there
 * is one). Nothing here ever returns a password.
 */
import { z } from 'zod';
import { defineMethods } from '../define.js';

/** A postgres:// URL as the user types it (host, port, database, user; a password in it is moved to the keychain). */
const teamUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .regex(/^postgres(ql)?:\/\//i, { message: 'must be a postgres:// URL' });

export const teamSettingsSchema = z.object({
  /** The saved team database URL, password removed; null when none is saved. */
  url: z.string().nullable(),
  /** A password for it is saved (sealed; never shown). */
  password_saved: z.boolean(),
  /** Set by TRACKER_TEAM_DATABASE_URL or `--team-database`: the settings cannot change it. */
  managed: z.boolean(),
  /** The team database this run syncs through (password removed), or null. */
  active_url: z.string().nullable(),
  /** The saved settings differ from what this run uses: they apply when the app starts again. */
  restart_needed: z.boolean(),
  /** False when this instance's own store is Postgres (it shares that database directly). */
  available: z.boolean(),
  /** Where a saved password is kept: the desktop keychain, or the data folder's key file. */
  password_store: z.enum(['keychain', 'key-file', 'environment']),
});
export type TeamSettings = z.infer<typeof teamSettingsSchema>;

export const teamMethods = defineMethods({
  'team.settings': {
    summary:
      'The saved team database (password never shown), the one in use now, and whether a restart applies a change.',
    params: z.object({}).default({}),
    result: teamSettingsSchema,
  },
  'team.setSettings': {
    summary:
      'Saves the team database URL (null: leave the team) and its password (sealed with the credential key; omitted: keep the saved one, null: forget it); applies at the next start.',
    params: z.strictObject({
      url: teamUrlSchema.nullable(),
      password: z.string().min(1).max(1024).nullable().optional(),
    }),
    result: teamSettingsSchema,
  },
  'team.testConnection': {
    summary:
      'Connects to a team database (the given URL and password, or the saved ones) and answers whether it could, with the reason when not.',
    params: z.strictObject({
      url: teamUrlSchema.optional(),
      password: z.string().min(1).max(1024).optional(),
    }),
    result: z.object({ ok: z.boolean(), url: z.string(), message: z.string() }),
  },
});
