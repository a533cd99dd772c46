import { describe, expect, it } from 'vitest';
import { isTypingTarget, logicalKey, parseCombo, ShortcutRegistry, type KeyEventLike } from './shortcuts.js';

const body = { tagName: 'BODY' };
const button = { tagName: 'BUTTON' };
const textInput = { tagName: 'INPUT', type: 'text' };
const passwordInput = { tagName: 'INPUT', type: 'password' };
const checkbox = { tagName: 'INPUT', type: 'checkbox' };
const textarea = { tagName: 'TEXTAREA' };
const select = { tagName: 'SELECT' };
const editable = { tagName: 'DIV', isContentEditable: true };

function key(k: string, init: Partial<KeyEventLike> = {}): KeyEventLike {
  return { key: k, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, target: body, ...init };
}

function registryWith(log: string[]) {
  const r = new ShortcutRegistry();
  r.push({
    shortcuts: [
      { combo: 'a', run: () => log.push('admit') },
      { combo: 'Enter', run: () => log.push('confirm') },
      { combo: 'Escape', run: () => log.push('cancel'), allowInInputs: true },
      { combo: 'Ctrl+L', run: () => log.push('lock'), allowInInputs: true },
      { combo: 'F2', run: () => log.push('simulate') },
    ],
  });
  return r;
}

describe('isTypingTarget', () => {
  it.each([
    ['body', body, false],
    ['button', button, false],
    ['checkbox', checkbox, false],
    ['text input', textInput, true],
    ['password input', passwordInput, true],
    ['input without type', { tagName: 'input' }, true],
    ['textarea', textarea, true],
    ['select', select, true],
    ['contenteditable', editable, true],
    ['null', null, false],
  ])('%s → %s', (_name, target, expected) => {
    expect(isTypingTarget(target)).toBe(expected);
  });
});

describe('ShortcutRegistry', () => {
  it('runs a plain-key shortcut when focus is not in a field', () => {
    const log: string[] = [];
    expect(registryWith(log).handle(key('a'))).toBe(true);
    expect(log).toEqual(['admit']);
  });

  it.each([textInput, passwordInput, textarea, select, editable])('ignores plain keys typed into %o', (target) => {
    const log: string[] = [];
    const r = registryWith(log);
    expect(r.handle(key('a', { target }))).toBe(false);
    expect(r.handle(key('Enter', { target }))).toBe(false);
    expect(r.handle(key('F2', { target }))).toBe(false);
    expect(log).toEqual([]);
  });

  it('still runs shortcuts marked allowInInputs from inside a field', () => {
    const log: string[] = [];
    const r = registryWith(log);
    r.handle(key('Escape', { target: textInput }));
    r.handle(key('l', { ctrlKey: true, target: passwordInput }));
    expect(log).toEqual(['cancel', 'lock']);
  });

  it('requires the exact modifiers', () => {
    const log: string[] = [];
    const r = registryWith(log);
    expect(r.handle(key('a', { ctrlKey: true }))).toBe(false);
    expect(r.handle(key('A', { shiftKey: true }))).toBe(false);
    expect(r.handle(key('l'))).toBe(false);
    expect(log).toEqual([]);
  });

  it('treats caps lock (upper-case key, no shift) as the same letter', () => {
    const log: string[] = [];
    registryWith(log).handle(key('A'));
    expect(log).toEqual(['admit']);
  });

  it('ignores auto-repeat, IME composition and events already handled', () => {
    const log: string[] = [];
    const r = registryWith(log);
    r.handle(key('a', { repeat: true }));
    r.handle(key('a', { isComposing: true }));
    r.handle(key('a', { defaultPrevented: true }));
    expect(log).toEqual([]);
  });

  it('lets a disabled shortcut fall through to a lower layer', () => {
    const log: string[] = [];
    const r = new ShortcutRegistry();
    r.push({ shortcuts: [{ combo: 'Enter', run: () => log.push('low') }] });
    r.push({ shortcuts: [{ combo: 'Enter', run: () => log.push('high'), enabled: () => false }] });
    r.handle(key('Enter'));
    expect(log).toEqual(['low']);
  });

  it('gives the newest layer priority, and a modal layer hides the ones below', () => {
    const log: string[] = [];
    const r = new ShortcutRegistry();
    r.push({ shortcuts: [{ combo: 'a', run: () => log.push('booth a') }, { combo: 'x', run: () => log.push('booth x') }] });
    const removeDialog = r.push({ modal: true, shortcuts: [{ combo: '1', run: () => log.push('dialog 1') }] });
    r.handle(key('1'));
    r.handle(key('a'));
    removeDialog();
    r.handle(key('a'));
    expect(log).toEqual(['dialog 1', 'booth a']);
  });
});

describe('logicalKey', () => {
  it('matches letters by physical key on a non-Latin layout', () => {
    // Arabic layout: the A key types ش.
    expect(logicalKey({ key: 'ش', code: 'KeyA' })).toBe('a');
  });
  it('matches digits by physical key where they need shift (AZERTY)', () => {
    expect(logicalKey({ key: '&', code: 'Digit1' })).toBe('1');
    expect(logicalKey({ key: '1', code: 'Numpad1' })).toBe('1');
  });
  it('prefers the typed Latin character over the physical key (AZERTY A is on the Q key)', () => {
    expect(logicalKey({ key: 'a', code: 'KeyQ' })).toBe('a');
  });
  it('keeps named keys as they are', () => {
    expect(logicalKey({ key: 'Enter', code: 'Enter' })).toBe('Enter');
    expect(logicalKey({ key: 'F2', code: 'F2' })).toBe('F2');
  });
});

describe('parseCombo', () => {
  it('parses modifiers and lower-cases single characters', () => {
    expect(parseCombo('Ctrl+Shift+S')).toEqual({ key: 's', ctrl: true, shift: true, alt: false, meta: false });
    expect(parseCombo('Escape')).toEqual({ key: 'Escape', ctrl: false, shift: false, alt: false, meta: false });
  });
  it('rejects unknown modifiers', () => {
    expect(() => parseCombo('Hyper+A')).toThrow(/unknown modifier/);
  });
});
