import { homedir } from 'node:os';
import { join } from 'node:path';

/** Per-OS convention for application data, overridable with BORDERPOST_DATA_DIR. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.BORDERPOST_DATA_DIR) return env.BORDERPOST_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Borderpost');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Borderpost');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'borderpost');
}
