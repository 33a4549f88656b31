// The push token, shown once after create or rotate, with a copy button and the exact hub URLs.
import { useState } from 'react';
import { publisherUrls } from './connection-info.js';

export function TokenNotice({
  sourceId,
  token,
  hubUrl,
  onClose,
}: {
  sourceId: string;
  token: string;
  hubUrl: string | null;
  onClose(): void;
}) {
  const [copied, setCopied] = useState<string | null>(null);
  const urls = hubUrl ? publisherUrls(hubUrl, sourceId) : null;
  const copy = (label: string, text: string) =>
    void navigator.clipboard
      ?.writeText(text)
      .then(() => setCopied(label))
      .catch(() => setCopied(null));
  return (
    <div className="token-notice" role="region" aria-label="Push token" data-testid="token-notice">
      <strong>Push token — shown only this once. Copy it now.</strong>
      <div className="copy-row">
        <code data-testid="token-value">{token}</code>
        <button type="button" onClick={() => copy('token', token)}>
          {copied === 'token' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {urls && (
        <>
          <div>
            Publishers connect with the token as <code>Authorization: Bearer …</code> or <code>?token=…</code>:
          </div>
          <div className="copy-row">
            <code data-testid="hub-ws-url">{urls.websocket}</code>
            <button type="button" onClick={() => copy('ws', urls.websocket)}>
              {copied === 'ws' ? 'Copied' : 'Copy'}
            </button>
          </div>
          <div className="copy-row">
            <code>POST {urls.rest}</code>
            <button type="button" onClick={() => copy('rest', urls.rest)}>
              {copied === 'rest' ? 'Copied' : 'Copy'}
            </button>
          </div>
        </>
      )}
      <button type="button" onClick={onClose}>
        I have copied it
      </button>
    </div>
  );
}
