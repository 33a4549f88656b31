/**
 * The "Team database" section of the "Maps & files" tab (issue 19 items 2 and 4): the team Postgres
 * this desktop syncs through. The URL is saved without its password; the password is kept encrypted
 * (the desktop keychain where there is one) and never shown again. "Test connection" tries what is
 * typed (or what is saved); a saved change applies when the app starts again, and the section says so.
 */
import { useEffect, useState } from 'react';
import type { TeamSettings } from '../../../../electron/contract/methods/team.js';
import { errorMessage, useApp } from '../../app/app-context.js';

type Busy = 'save' | 'test' | 'leave' | null;

/** The section; reads `team.settings` when shown and after every change. */
export function TeamSection() {
  const { client } = useApp();
  const [settings, setSettings] = useState<TeamSettings | null>(null);
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);

  const show = (s: TeamSettings) => {
    setSettings(s);
    setUrl(s.url ?? '');
    setPassword('');
  };

  useEffect(() => {
    let shown = true;
    client.call('team.settings', {}).then(
      (s) => shown && show(s),
      (err: unknown) => shown && setError(errorMessage(err)),
    );
    return () => {
      shown = false;
    };
  }, [client]);

  async function act(kind: Exclude<Busy, null>, run: () => Promise<void>) {
    setBusy(kind);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const typedUrl = url.trim();
  const typedPassword = password === '' ? undefined : password;
  const save = () =>
    act('save', async () => {
      setTest(null);
      show(
        await client.call('team.setSettings', {
          url: typedUrl,
          ...(typedPassword === undefined ? {} : { password: typedPassword }),
        }),
      );
    });
  const leave = () =>
    act('leave', async () => {
      setTest(null);
      show(await client.call('team.setSettings', { url: null }));
    });
  const testNow = () =>
    act('test', async () => {
      setTest(
        await client.call('team.testConnection', {
          ...(typedUrl === '' ? {} : { url: typedUrl }),
          ...(typedPassword === undefined ? {} : { password: typedPassword }),
        }),
      );
    });

  if (settings && !settings.available) {
    return (
      <section className="offline-section" data-testid="team-section" aria-label="Team database">
        <h3>Team database</h3>
        <p className="hint">
          This app&apos;s own database is Postgres: every app on it already shares one picture, so there is no team
          database to join.
        </p>
      </section>
    );
  }

  const locked = settings?.managed === true;
  const changed = settings !== null && (typedUrl !== (settings.url ?? '') || typedPassword !== undefined);
  return (
    <section className="offline-section" data-testid="team-section" aria-label="Team database">
      <h3>Team database</h3>
      <p className="hint">
        Share one picture with the team through a Postgres database: this app keeps working on its own file and sends
        its changes there when it can, and takes in everyone else&apos;s.
      </p>
      <p className="hint" data-testid="team-in-use">
        {settings?.active_url ? (
          <>
            In use now: <strong>{settings.active_url}</strong>
          </>
        ) : (
          'Not in a team now.'
        )}
        {locked && ' Set by TRACKER_TEAM_DATABASE_URL or --team-database, so it cannot be changed here.'}
      </p>
      <form
        className="source-form"
        data-testid="team-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Database URL
          <input
            value={url}
            disabled={locked}
            placeholder="postgres://analyst@team-db.example:5432/tracker"
            spellCheck={false}
            autoComplete="off"
            data-testid="team-url"
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            disabled={locked}
            placeholder={settings?.password_saved ? 'saved (type to replace)' : 'none saved'}
            autoComplete="new-password"
            data-testid="team-password"
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <p className="hint">
          The password is kept encrypted
          {settings?.password_store === 'keychain'
            ? " with this computer's keychain"
            : settings?.password_store === 'environment'
              ? ' with the key in TRACKER_SECRET_KEY'
              : ' with the key file in the data folder'}{' '}
          and never shown again.
        </p>
        <div className="form-actions">
          <button
            type="submit"
            disabled={locked || !changed || typedUrl === '' || busy !== null}
            data-testid="team-save"
          >
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            disabled={busy !== null || (typedUrl === '' && !settings?.url && !settings?.active_url)}
            data-testid="team-test"
            onClick={() => void testNow()}
          >
            {busy === 'test' ? 'Connecting…' : 'Test connection'}
          </button>
          {settings?.url && !locked && (
            <button
              type="button"
              className="link-button"
              disabled={busy !== null}
              data-testid="team-leave"
              onClick={() => void leave()}
            >
              Leave the team
            </button>
          )}
        </div>
      </form>
      {test && (
        <p className={test.ok ? 'field-ok' : 'field-error'} role="status" data-testid="team-test-result">
          {test.message}
        </p>
      )}
      {settings?.restart_needed && (
        <p className="hint" role="status" data-testid="team-restart">
          Saved. The change applies when the app starts again.
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
