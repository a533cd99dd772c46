import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './config.js';

describe('default data directory', () => {
  it.each([
    ['linux', {}, '/home/o/.local/share/borderpost'],
    ['linux', { XDG_DATA_HOME: '/data' }, '/data/borderpost'],
    ['darwin', {}, '/home/o/Library/Application Support/Borderpost'],
    ['win32', { APPDATA: 'C:\\Users\\o\\AppData\\Roaming' }, 'C:\\Users\\o\\AppData\\Roaming/Borderpost'],
    ['linux', { BORDERPOST_DATA_DIR: '/srv/bp' }, '/srv/bp'],
  ] as const)('%s %j → %s', (platform, env, expected) => {
    expect(defaultDataDir(env as NodeJS.ProcessEnv, platform, '/home/o')).toBe(expected);
  });
});
