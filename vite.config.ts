// Vite build of the renderer: root renderer/, output dist/renderer with relative asset paths, so the
// same files load from file:// (Electron) and from the headless twin's HTTP server.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Leaflet's marker images and the world-atlas JSON are bundled, never fetched from the network.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
});
