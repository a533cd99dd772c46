// Layering is checked by a machine, not by review: each folder may import only what the
// architecture map allows (see ARCHITECTURE.md). A test in test/lint proves these rules fire.
import tseslint from 'typescript-eslint';

const restrict = (patterns, paths = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

const STATION = { group: ['**/electron/station/**', '**/station/**'], message: 'the renderer/drivers may not import station code: go through the contract' };
const NATIVE = { group: ['**/native-drivers/**'], message: 'only the station talks to drivers' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'renderer/dist/**', 'test-results/**', 'playwright-report/**', 'models/**/*.py'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='eval']", message: 'no eval' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [
        STATION,
        NATIVE,
        { group: ['**/electron/main/**', '**/electron/preload/**', '**/browser-host/**', '**/electron/cli/**', '**/hq/**'], message: 'the renderer talks only to window.borderpost' },
        { group: ['**/electron/contract/**', '**/contract/**'], allowTypeImports: true, message: 'the renderer may import contract types only' },
        { group: ['node:*', 'better-sqlite3*', 'serialport', 'node-hid', 'onnxruntime-node', 'ws', 'zod'], message: 'not available in the renderer' },
      ],
      [{ name: 'electron', message: 'the renderer never touches Electron: use window.borderpost' }],
    ),
  },
  {
    files: ['electron/station/**/*.ts'],
    rules: restrict(
      [{ group: ['**/electron/main/**', '**/main/**', '**/preload/**', '**/browser-host/**', '**/renderer/**', '**/cli/**', '**/hq/**'], message: 'the station is imported by transports, never the other way round' }],
      [{ name: 'electron', message: 'the station is plain Node: it must not import electron' }],
    ),
  },
  {
    files: ['native-drivers/**/*.ts'],
    rules: restrict(
      [{ group: ['**/electron/**', '**/renderer/**', '**/hq/**'], message: 'drivers must not import the station, the contract or the UI' }],
      [{ name: 'electron', message: 'drivers are plain Node' }],
    ),
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: restrict([{ group: ['../*', '**/station/**', '**/native-drivers/**', 'node:*'], message: 'the contract imports zod only' }]),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict([STATION, NATIVE, { group: ['zod'], message: 'the sandboxed preload stays small: import contract names and types only' }]),
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
