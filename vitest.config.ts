import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'native-drivers/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'hq/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'out', 'test/e2e/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
