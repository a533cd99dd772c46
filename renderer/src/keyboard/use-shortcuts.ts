import { useEffect, useLayoutEffect, useRef } from 'react';
import { ShortcutRegistry, type Shortcut } from './shortcuts.js';

/** One registry per window; `installShortcutListener` feeds it every keydown. */
export const shortcutRegistry = new ShortcutRegistry();

export function installShortcutListener(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
  const onKeyDown = (event: KeyboardEvent): void => {
    if (shortcutRegistry.handle(event)) event.preventDefault();
  };
  target.addEventListener('keydown', onKeyDown);
  return () => target.removeEventListener('keydown', onKeyDown);
}

/**
 * Registers a layer of shortcuts while the component is mounted (and `active`). The handlers may be
 * fresh closures on every render: the layer calls the latest ones, and is only re-pushed when the set
 * of keys changes.
 */
export function useShortcuts(shortcuts: readonly Shortcut[], options: { modal?: boolean; active?: boolean } = {}): void {
  const { modal = false, active = true } = options;
  const latest = useRef(shortcuts);
  useLayoutEffect(() => {
    latest.current = shortcuts;
  });
  const signature = shortcuts.map((s) => `${s.combo}${s.allowInInputs ? '!' : ''}`).join(' ');
  useEffect(() => {
    if (!active) return;
    const keys = signature === '' ? [] : signature.split(' ');
    return shortcutRegistry.push({
      modal,
      shortcuts: keys.map((k, i) => ({
        combo: k.endsWith('!') ? k.slice(0, -1) : k,
        allowInInputs: k.endsWith('!'),
        run: () => latest.current[i]?.run(),
        enabled: () => latest.current[i]?.enabled?.() ?? true,
      })),
    });
  }, [signature, modal, active]);
}
