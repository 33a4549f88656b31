/**
 * The "Access key" section of the "Maps & files" tab: what the app token is for, where it lives,
 * and "Rotate access key" (`app.rotateToken`). A browser page reloads itself with the new key; the
 * Electron window talks over IPC and needs none.
 */
import { useState } from 'react';
import { errorMessage, useApp } from '../../app/app-context.js';
import { appToken, reloadWithToken } from '../../app/app-token.js';

type Step = 'idle' | 'confirm' | 'busy' | 'done';

/** The section; rotating asks once for confirmation, since other pages and scripts lose access. */
export function AccessKeySection() {
  const { client } = useApp();
  const [step, setStep] = useState<Step>('idle');
  const [error, setError] = useState<string | null>(null);

  async function rotate() {
    setStep('busy');
    setError(null);
    try {
      const { token } = await client.call('app.rotateToken', {});
      if (appToken() !== '') return reloadWithToken(token);
      setStep('done');
    } catch (err) {
      setError(errorMessage(err));
      setStep('idle');
    }
  }

  return (
    <section className="offline-section" data-testid="access-key-section" aria-label="Access key">
      <h3>Access key</h3>
      <p className="hint">
        The access key lets browser pages, scripts, QGIS and GDAL use this app&apos;s hub. It is kept in the data folder
        and stays the same when the app restarts. Rotate it if it was shared by mistake.
      </p>
      {step === 'confirm' ? (
        <div className="offline-actions" role="group" aria-label="Confirm rotation">
          <span>Open pages and scripts that use the current key will stop working.</span>
          <button type="button" data-testid="access-key-confirm" onClick={() => void rotate()}>
            Rotate now
          </button>
          <button type="button" className="link-button" onClick={() => setStep('idle')}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="offline-actions">
          <button
            type="button"
            data-testid="access-key-rotate"
            disabled={step === 'busy'}
            onClick={() => setStep('confirm')}
          >
            {step === 'busy' ? 'Rotating…' : 'Rotate access key'}
          </button>
        </div>
      )}
      {step === 'done' && (
        <p className="hint" role="status" data-testid="access-key-done">
          A new access key is in use; the old one no longer works.
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
