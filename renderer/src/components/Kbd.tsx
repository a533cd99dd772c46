import type { Translate } from '../i18n/translate.js';
import { useI18n } from '../i18n/i18n-context.js';

const ARIA_NAMES: Record<string, string> = { ctrl: 'Control', alt: 'Alt', shift: 'Shift', meta: 'Meta', escape: 'Escape', enter: 'Enter' };

/** `Ctrl+L` → `Control+L`, the form `aria-keyshortcuts` wants. */
export function ariaShortcut(combo: string): string {
  return combo
    .split('+')
    .map((part) => ARIA_NAMES[part.toLowerCase()] ?? (part.length === 1 ? part.toUpperCase() : part))
    .join('+');
}

/** `Ctrl+L` → `Ctrl+L` in the UI language (`Entrée`, `Échap`, `Maj`…). */
export function shortcutText(combo: string, t: Translate): string {
  return combo
    .split('+')
    .map((part) => {
      switch (part.toLowerCase()) {
        case 'ctrl':
          return t('key.ctrl');
        case 'shift':
          return t('key.shift');
        case 'alt':
          return t('key.alt');
        case 'enter':
          return t('key.enter');
        case 'escape':
          return t('key.escape');
        case 'arrowup':
          return t('key.up');
        case 'arrowdown':
          return t('key.down');
        default:
          return part.length === 1 ? part.toUpperCase() : part;
      }
    })
    .join('+');
}

/** The key a button answers to, shown on the button itself. */
export function Kbd({ combo }: { combo: string }) {
  const { t } = useI18n();
  return (
    <kbd className="kbd" dir="ltr">
      {shortcutText(combo, t)}
    </kbd>
  );
}
