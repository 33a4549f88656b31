/**
 * Renderer entry: connects the API client (IPC in Electron, WebSocket in a browser), mounts the app
 * (or, for a page whose key the hub refuses, only the "out of date" screen) and reports errors that
 * escape React as notifications rather than a blank window.
 */
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api/connect-api.js';
import { App } from './app.js';
import { SessionGate } from './app/session-gate.js';

const api = connectApi();
const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <SessionGate connection={api.connection}>
      <App client={api.client} connection={api.connection} />
    </SessionGate>
  </StrictMode>,
);
