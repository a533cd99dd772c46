/**
 * The import boundaries of ARCHITECTURE.md are enforced by ESLint. These cases prove each rule
 * fires on a violation and stays quiet on the allowed import, so a broken config cannot pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['renderer/src/screens/Bad.tsx', "import { openStation } from '../../../electron/station/station.js';\nvoid openStation;"],
    ['renderer/src/screens/Bad.tsx', "import { calls } from '../../../electron/contract/index.js';\nvoid calls;"],
    ['renderer/src/Bad.tsx', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;"],
    ['electron/station/inspection/bad.ts', "import { app } from 'electron';\nvoid app;"],
    ['electron/station/inspection/bad.ts', "import { startBrowserHost } from '../../browser-host/server.js';\nvoid startBrowserHost;"],
    ['native-drivers/document-reader/bad.ts', "import { openStation } from '../../electron/station/station.js';\nvoid openStation;"],
    ['electron/contract/bad.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;"],
  ])('refuses the violation in %s', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['renderer/src/screens/Ok.tsx', "import type { Inspection } from '../../../electron/contract/index.js';\nexport type X = Inspection;"],
    ['electron/station/inspection/ok.ts', "import { calls } from '../../contract/index.js';\nvoid calls;"],
    ['electron/station/devices/ok.ts', "import { openPtyPair } from '../../../native-drivers/index.js';\nvoid openPtyPair;"],
    ['electron/browser-host/ok.ts', "import { openStation } from '../station/station.js';\nvoid openStation;"],
  ])('allows the permitted import in %s', async (file, code) => {
    expect(await restrictedImportErrors(file, code)).toEqual([]);
  });
});
