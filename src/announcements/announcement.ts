/**
 * Emergency and information messages a supervisor switches on and off without touching a flow
 * (snow, strikes, a TARI deadline). Pure: which are active for a flow at an instant.
 */
import { z } from 'zod';

export const announcementInputSchema = z
  .object({
    kind: z.enum(['emergency', 'info']),
    /** What the caller hears, in Italian; rendered to audio when it is switched on. */
    text: z.string().trim().min(5, 'the text is too short').max(1000, 'the text is too long (1000 characters at most)'),
    /** Flow ids it plays in; ["*"] for every flow. */
    flows: z.array(z.string().regex(/^(\*|[a-z][a-z0-9_-]*)$/, 'a flow id, or * for every flow')).min(1).default(['*']),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((a) => a.startsAt === undefined || a.endsAt === undefined || a.startsAt < a.endsAt, { message: 'endsAt is before startsAt', path: ['endsAt'] });

export type AnnouncementInput = z.infer<typeof announcementInputSchema>;

export interface Announcement extends AnnouncementInput {
  readonly id: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export const ANNOUNCEMENT_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Active for the flow at `at`, emergencies first, then by id (stable order for callers). */
export function activeFor(all: readonly Announcement[], flowId: string, at: Date): Announcement[] {
  const t = at.getTime();
  return all
    .filter((a) => a.flows.includes('*') || a.flows.includes(flowId))
    .filter((a) => (a.startsAt === undefined || Date.parse(a.startsAt) <= t) && (a.endsAt === undefined || t < Date.parse(a.endsAt)))
    .sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'emergency' ? -1 : 1));
}

/** One switch of a message, on or off, for the supervisors' record of who did what. */
export interface AnnouncementChange {
  readonly id: string;
  readonly action: 'on' | 'off';
  readonly by: string;
  readonly at: string;
  /** What was switched on (absent for off). */
  readonly kind?: Announcement['kind'];
  readonly text?: string;
}

/** Changes kept for the record (the event log keeps them all). */
export const ANNOUNCEMENT_HISTORY = 500;

export interface AnnouncementStore {
  list(): Promise<Announcement[]>;
  /** The latest changes, newest first (at most ANNOUNCEMENT_HISTORY). */
  history(limit: number): Promise<AnnouncementChange[]>;
  /** Creates or replaces, logs `announcement.on` and records the change, atomically. */
  put(a: Announcement): Promise<void>;
  /** Removes, logs `announcement.off` and records the change, atomically; false if there was none. */
  remove(id: string, by: string, at: Date): Promise<boolean>;
}
