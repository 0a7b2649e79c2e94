import { createHash } from 'node:crypto';

/**
 * Prompts are Italian texts rendered to WAV at set-up. A rendered file is named after a hash of
 * its voice and text, so a changed text is a new file and a call that started on an older flow
 * version still finds the audio it expects.
 */
export const PROMPT_VOICE = 'espeak-ng:it';
/** Sub-directory of Asterisk's sounds directory holding the rendered prompts. */
export const PROMPT_SOUNDS_DIR = 'cc';

/** Names already computed: every step of every call asks again for the same few prompts. Bounded (emptied when full). */
const names = new Map<string, string>();
const NAMES_KEPT = 5000;

export function promptFileBase(text: string, voice: string = PROMPT_VOICE): string {
  const key = `${voice}\n${text}`;
  let name = names.get(key);
  if (name === undefined) {
    name = createHash('sha256').update(key).digest('hex').slice(0, 20);
    if (names.size >= NAMES_KEPT) names.clear();
    names.set(key, name);
  }
  return name;
}

/** The media URI Asterisk plays for a prompt text. */
export function promptMedia(text: string, voice: string = PROMPT_VOICE): string {
  return `sound:${PROMPT_SOUNDS_DIR}/${promptFileBase(text, voice)}`;
}
