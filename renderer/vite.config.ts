import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer bundle for both Electron and browser mode. The host serves it under a strict CSP
 * (no inline scripts or styles), so the build must emit only files: CSS is extracted, nothing is
 * inlined as a data: URL, and `base: './'` keeps it working from a custom protocol or a sub-path.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    target: 'es2022',
    sourcemap: true,
  },
});
