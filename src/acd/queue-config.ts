/**
 * The ACD's configuration as supervisors write it in ivr-flows/queues.yaml: skills, and queues
 * with their required skills, priority, service level, limits, timed relaxation, music on hold,
 * announcements and wrap-up. Every field but the name has a default, so a queue can start as one
 * line and grow.
 */
import { z } from 'zod';
import { keyed } from '../shared/keyed.js';
import { scheduleSchema } from '../shared/schedule.js';
import { staffingPlanSchema } from '../callbacks/index.js';
import { parseSettingsDocument } from '../shared/yaml-document.js';

const ID = /^[a-z][a-z0-9-]*$/;
const skillId = z.string().regex(ID, 'a skill id: lower-case letters, digits, -');
const queueId = z.string().regex(ID, 'a queue id: lower-case letters, digits, -');
const level = z.number().int().min(1).max(5);

export const skillRequirementSchema = z
  .object({ skill: skillId, level: level.default(1).describe('Minimum proficiency, 1 (beginner) to 5 (expert).') })
  .strict();
export type SkillRequirement = z.infer<typeof skillRequirementSchema>;

/** One step of timed relaxation: after `afterSeconds` of waiting the call accepts more agents. */
export const relaxationStepSchema = z
  .object({
    afterSeconds: z.number().int().min(1).max(86_400),
    level: level.optional().describe('From now on the required skills accept this lower proficiency.'),
    skills: z.array(skillRequirementSchema).min(1).optional().describe('From now on agents with these skills instead are accepted too.'),
    overflowTo: queueId.optional().describe("From now on the other queue's agents may take the call too; the caller keeps their place."),
  })
  .strict()
  .refine((s) => s.level !== undefined || s.skills !== undefined || s.overflowTo !== undefined, {
    message: 'a relaxation step needs level, skills or overflowTo',
  });
export type RelaxationStep = z.infer<typeof relaxationStepSchema>;

/**
 * Callbacks of a queue: how many agents they may hold while live callers wait, how the citizen's
 * phone is rung and retried, and (for callbacks booked at a chosen time) the slots offered.
 */
export const queueCallbacksSchema = z
  .object({
    share: z.number().min(0).max(1).default(0.3).describe('While live callers wait, callbacks hold at most this share of the serving agents (never none).'),
    ringSeconds: z.number().int().min(10).max(90).default(30).describe("How long the citizen's phone rings."),
    maxAttempts: z.number().int().min(1).max(10).default(3).describe('Attempts before the callback ends as unreachable.'),
    spacingMinutes: z.array(z.number().min(0.1).max(1440)).min(1).default([10, 30]).describe('Wait before each further attempt; the last value repeats.'),
    hours: scheduleSchema.optional().describe('When callbacks may be dialled (opening hours and holidays); absent: at any time.'),
    schedule: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'a schedule id of schedules.yaml')
      .optional()
      .describe('Instead of hours: callbacks follow this schedule of schedules.yaml — its hours, holidays and closures, as published.'),
    ticketWhenUnreachable: z.boolean().default(false).describe('Open a ticket in the CRM when a callback ends unreachable.'),
    slots: z
      .object({
        slotMinutes: z.union([z.literal(15), z.literal(20), z.literal(30), z.literal(60)]).default(30),
        handleSeconds: z.number().int().min(30).max(3600).default(300).describe('Expected handle time of a callback.'),
        leadMinutes: z.number().int().min(0).max(1440).default(60).describe('The earliest slot offered starts at least this long from now.'),
        horizonDays: z.number().int().min(1).max(30).default(7),
        staffing: staffingPlanSchema.describe('Agents scheduled per weekday and time range (and dated exceptions).'),
      })
      .strict()
      .optional()
      .describe('Callbacks booked for a chosen date and time; absent: this queue offers keep-my-place callbacks only.'),
  })
  .strict()
  .refine((c) => c.hours === undefined || c.schedule === undefined, { path: ['schedule'], message: 'give hours or schedule, not both' });
export type QueueCallbacks = z.infer<typeof queueCallbacksSchema>;

export const STRATEGIES = ['longest-idle', 'best-proficiency', 'least-occupied'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const queueDefinitionSchema = z
  .object({
    name: z.string().min(1),
    skills: z.array(skillRequirementSchema).default([]).describe('Every one is required (with its minimum level). Empty: any member agent.'),
    priority: z.number().int().min(0).max(9).default(5).describe('Calls of higher-priority queues are served first.'),
    strategy: z.enum(STRATEGIES).default('longest-idle').describe('How to choose among free agents.'),
    serviceLevel: z
      .object({ percent: z.number().min(1).max(100), seconds: z.number().int().min(1) })
      .strict()
      .default({ percent: 80, seconds: 60 })
      .describe('Target: percent of calls answered within seconds.'),
    maxWaitSeconds: z.number().int().min(10).max(7200).default(900).describe('Past it the caller leaves by the flow exit branch.'),
    maxLength: z.number().int().min(1).max(100_000).default(200).describe('Callers beyond it take the exit branch at once.'),
    relaxation: z.array(relaxationStepSchema).default([]),
    musicOnHold: z.string().regex(/^[a-z0-9_-]+$/).default('default').describe('Class in asterisk-config/musiconhold.conf.'),
    announcements: z
      .object({
        everySeconds: z.number().int().min(15).max(600).default(45),
        position: z.boolean().default(true),
        estimate: z.boolean().default(true),
      })
      .strict()
      .default({ everySeconds: 45, position: true, estimate: true }),
    wrapUpSeconds: z.number().int().min(0).max(600).default(20).describe('After-call work before the agent is offered another call.'),
    ringSeconds: z.number().int().min(5).max(60).default(15).describe("How long an agent's phone rings before the call goes back to the queue."),
    transferRingSeconds: z
      .number()
      .int()
      .min(5)
      .max(120)
      .default(25)
      .describe('How long an extension rings when an agent transfers a caller to it; then a blind transfer puts the caller back at the head of this queue and an announced one back with the agent.'),
    pauseOnNoAnswer: z.boolean().default(true).describe('An agent who does not answer is paused as "non-risponde".'),
    callbacks: queueCallbacksSchema.default({ share: 0.3, ringSeconds: 30, maxAttempts: 3, spacingMinutes: [10, 30], ticketWhenUnreachable: false }),
  })
  .strict();
export type QueueDefinition = z.infer<typeof queueDefinitionSchema>;

export const queuesFileSchema = z
  .object({
    skills: keyed(ID, 'a skill id: lower-case letters, digits, -', z.object({ name: z.string().min(1) }).strict()).default({}),
    pauseReasons: keyed(ID, 'a pause reason: lower-case letters, digits, -', z.object({ name: z.string().min(1) }).strict()).default({}),
    queues: keyed(ID, 'a queue id: lower-case letters, digits, -', queueDefinitionSchema),
  })
  .strict()
  .superRefine((file, ctx) => {
    const skills = new Set(Object.keys(file.skills));
    for (const [id, q] of Object.entries(file.queues)) {
      const check = (reqs: readonly SkillRequirement[], path: (string | number)[]) => {
        reqs.forEach((r, i) => {
          if (!skills.has(r.skill)) ctx.addIssue({ code: 'custom', path: ['queues', id, ...path, i, 'skill'], message: `skill "${r.skill}" is not listed under skills:` });
        });
      };
      check(q.skills, ['skills']);
      q.relaxation.forEach((step, i) => {
        if (step.skills) check(step.skills, ['relaxation', i, 'skills']);
        if (step.overflowTo !== undefined && !(step.overflowTo in file.queues)) {
          ctx.addIssue({ code: 'custom', path: ['queues', id, 'relaxation', i, 'overflowTo'], message: `queue "${step.overflowTo}" does not exist` });
        }
        if (step.overflowTo === id) ctx.addIssue({ code: 'custom', path: ['queues', id, 'relaxation', i, 'overflowTo'], message: 'a queue cannot overflow to itself' });
        const before = q.relaxation[i - 1];
        if (before && before.afterSeconds >= step.afterSeconds) {
          ctx.addIssue({ code: 'custom', path: ['queues', id, 'relaxation', i, 'afterSeconds'], message: 'relaxation steps must come in increasing afterSeconds' });
        }
      });
    }
  });
export type QueuesFile = z.infer<typeof queuesFileSchema>;

/** Pause reasons every install has, whatever queues.yaml adds. */
export const BUILT_IN_PAUSE_REASONS: Readonly<Record<string, string>> = {
  pausa: 'Pausa',
  formazione: 'Formazione',
  'back-office': 'Back office',
  'non-risponde': 'Non risponde (chiamata non accettata)',
};

export interface AcdConfig {
  readonly skills: ReadonlyMap<string, string>;
  readonly pauseReasons: ReadonlyMap<string, string>;
  readonly queues: ReadonlyMap<string, QueueDefinition>;
}

export function toAcdConfig(file: QueuesFile): AcdConfig {
  return {
    skills: new Map(Object.entries(file.skills).map(([id, s]) => [id, s.name])),
    pauseReasons: new Map([...Object.entries(BUILT_IN_PAUSE_REASONS), ...Object.entries(file.pauseReasons).map(([id, r]) => [id, r.name] as const)]),
    queues: new Map(Object.entries(file.queues)),
  };
}

/** No queues (an install without queues.yaml). */
export const NO_ACD: AcdConfig = { skills: new Map(), pauseReasons: new Map(Object.entries(BUILT_IN_PAUSE_REASONS)), queues: new Map() };

/** Parses queues.yaml's text: every problem located as file:line:column. */
export function parseQueues(file: string, text: string): AcdConfig {
  return toAcdConfig(parseSettingsDocument(file, text, queuesFileSchema));
}
