// Vite's ambient types for the renderer: CSS, JSON and asset imports bundled by Vite.
/// <reference types="vite/client" />
