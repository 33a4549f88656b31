// Electronegativity over the app: every finding is fixed or justified, and an insecure window
// added to the scanned sources is reported (the scan is not a no-op).
import { describe, expect, it } from 'vitest';
import { runSecurityScan } from './security.mjs';

const INSECURE = `import { BrowserWindow } from 'electron';
export const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });
`;

describe('npm run security (Electronegativity)', () => {
  it('leaves no unexplained finding in our sources and catches an insecure window', () => {
    const { unexplained } = runSecurityScan({ extraFiles: { 'electron/main/insecure-window.ts': INSECURE } });
    const ours = unexplained.filter((f) => f.file !== 'electron/main/insecure-window.ts');
    expect(ours).toEqual([]);
    const caught = new Set(
      unexplained.filter((f) => f.file === 'electron/main/insecure-window.ts').map((f) => f.check),
    );
    for (const check of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK'])
      expect(caught).toContain(check);
  }, 120_000);
});
