import { stripVTControlCharacters } from 'node:util';

// C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F), plus the bidirectional overrides and isolates
// (U+202A-U+202E, U+2066-U+2069) that can make a terminal show text in another order than it is.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Makes a string safe to print: removes ANSI escape sequences whole, then every remaining control
 * character, so that a DNS answer or an argument cannot move the cursor, retitle the window or hide text.
 */
export function cleanForTerminal(text: string): string {
  // Escapes first, so that the bytes after ESC go with it instead of being left behind as text.
  return stripVTControlCharacters(text).replace(CONTROL_CHARACTERS, '');
}

/**
 * Makes a string safe to print while keeping what was in it visible: every control character becomes a
 * `\uXXXX` escape. For echoing a bad value in an error message, where a vanished character would hide the mistake.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
