/**
 * Keyboard shortcuts without the DOM: a registry of layers (global, screen, dialog) and a matcher
 * that works on any keydown-shaped object, so the rules are unit-tested in plain Node.
 *
 * Rules:
 * - a shortcut never fires while the user types in a text field, unless it says `allowInInputs`
 *   (Ctrl+L lock, Esc in a dialog); typing "Anna" into a note must not admit anybody;
 * - auto-repeat (a held key) and IME composition never fire anything;
 * - keys are matched by the character first and, for letters and digits typed on another layout
 *   (Arabic, AZERTY digits), by the physical key, so `A` works whatever the keyboard is set to;
 * - the most recently pushed layer wins; a `modal` layer hides every layer below it.
 */

export interface KeyEventLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  repeat?: boolean;
  isComposing?: boolean;
  defaultPrevented?: boolean;
  target: unknown;
}

export interface Combo {
  /** Lower-case letter or digit, or a `KeyboardEvent.key` name such as `Enter`, `Escape`, `F2`. */
  key: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

export interface Shortcut {
  /** `a`, `Enter`, `F2`, `Ctrl+L`, `Ctrl+Shift+S`. */
  combo: string;
  run: () => void;
  allowInInputs?: boolean;
  /** Evaluated at key time; a disabled shortcut lets the key fall through to lower layers. */
  enabled?: () => boolean;
}

export interface ShortcutLayer {
  shortcuts: readonly Shortcut[];
  modal?: boolean;
}

export function parseCombo(text: string): Combo {
  const parts = text.split('+');
  const last = parts.pop();
  if (last === undefined || last === '') throw new Error(`empty shortcut: ${text}`);
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  for (const m of mods) {
    if (!['ctrl', 'alt', 'shift', 'meta'].includes(m)) throw new Error(`unknown modifier ${m} in ${text}`);
  }
  return {
    key: last.length === 1 ? last.toLowerCase() : last,
    ctrl: mods.has('ctrl'),
    alt: mods.has('alt'),
    shift: mods.has('shift'),
    meta: mods.has('meta'),
  };
}

const ASCII_ALNUM = /^[a-z0-9]$/i;

/** The key a shortcut is matched against: the character if it is a Latin letter or digit, else the physical key. */
export function logicalKey(event: Pick<KeyEventLike, 'key' | 'code'>): string {
  if (ASCII_ALNUM.test(event.key)) return event.key.toLowerCase();
  const code = event.code ?? '';
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter?.[1] && event.key.length === 1) return letter[1].toLowerCase();
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit?.[1] && event.key.length === 1) return digit[1];
  return event.key;
}

export function matches(combo: Combo, event: KeyEventLike): boolean {
  if (combo.ctrl !== event.ctrlKey || combo.alt !== event.altKey || combo.meta !== event.metaKey) return false;
  // Shift must match exactly (Shift+A is not A); caps lock alone sets no modifier and the key is lower-cased.
  if (combo.shift !== event.shiftKey) return false;
  return logicalKey(event) === combo.key;
}

interface ElementLike {
  tagName?: unknown;
  type?: unknown;
  isContentEditable?: unknown;
  readOnly?: unknown;
}

const NON_TEXT_INPUT_TYPES = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** True when a keystroke on this target is text entry (so plain-key shortcuts must stay quiet). */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const el = target as ElementLike;
  if (el.isContentEditable === true) return true;
  const tag = typeof el.tagName === 'string' ? el.tagName.toUpperCase() : '';
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = typeof el.type === 'string' ? el.type.toLowerCase() : 'text';
    return !NON_TEXT_INPUT_TYPES.has(type);
  }
  return false;
}

export class ShortcutRegistry {
  private layers: { layer: ShortcutLayer; parsed: { combo: Combo; shortcut: Shortcut }[] }[] = [];

  /** Adds a layer on top; returns the function that removes it. */
  push(layer: ShortcutLayer): () => void {
    const entry = { layer, parsed: layer.shortcuts.map((shortcut) => ({ combo: parseCombo(shortcut.combo), shortcut })) };
    this.layers.push(entry);
    return () => {
      this.layers = this.layers.filter((e) => e !== entry);
    };
  }

  /** Runs the shortcut this key means, if any; returns true when one ran (the caller then prevents the default). */
  handle(event: KeyEventLike): boolean {
    if (event.repeat || event.isComposing || event.defaultPrevented) return false;
    const typing = isTypingTarget(event.target);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const entry = this.layers[i]!;
      for (const { combo, shortcut } of entry.parsed) {
        if (!matches(combo, event)) continue;
        if (typing && !shortcut.allowInInputs) continue;
        if (shortcut.enabled && !shortcut.enabled()) continue;
        shortcut.run();
        return true;
      }
      if (entry.layer.modal) return false;
    }
    return false;
  }
}
