import { createHash } from 'node:crypto';

/**
 * Prompts are Italian texts rendered to WAV at set-up. A rendered file is named after a hash of
 * its voice and text, so a changed text is a new file and a call that started on an older flow
 * version still finds the audio it expects.
 */
export const PROMPT_VOICE = 'espeak-ng:it';
/** Sub-directory of Asterisk's sounds directory holding the rendered prompts. */
export const PROMPT_SOUNDS_DIR = 'cc';

export function promptFileBase(text: string, voice: string = PROMPT_VOICE): string {
  return createHash('sha256').update(`${voice}\n${text}`).digest('hex').slice(0, 20);
}

/** The media URI Asterisk plays for a prompt text. */
export function promptMedia(text: string, voice: string = PROMPT_VOICE): string {
  return `sound:${PROMPT_SOUNDS_DIR}/${promptFileBase(text, voice)}`;
}
