import { z } from 'zod';
import { localDate } from '../../shared/schedule.js';
import { nodeRef } from './common.js';
import type { NodeRuntime, NodeType } from './node.js';

const scheduleStates = z.enum(['open', 'closed', 'holiday', 'emergency']);

/** A condition; every key given must hold (AND). */
const condition = z
  .object({
    /** The state of a schedule of ivr-flows/schedules.yaml. */
    schedule: z.object({ id: z.string().min(1), is: z.union([scheduleStates, z.array(scheduleStates).min(1)]) }).strict().optional(),
    /** An emergency announcement is (true) or is not (false) active for this flow. */
    emergency: z.boolean().optional(),
    /** Today's date in Rome, inclusive bounds, YYYY-MM-DD. */
    date: z
      .object({ from: z.iso.date().optional(), to: z.iso.date().optional() })
      .strict()
      .refine((d) => d.from !== undefined || d.to !== undefined, 'give from, to, or both')
      .optional(),
    /** The caller's number: anonymous, in a list, or starting with one of some prefixes. */
    caller: z
      .object({ anonymous: z.boolean().optional(), in: z.array(z.string()).optional(), startsWith: z.array(z.string()).optional() })
      .strict()
      .optional(),
    /** A call variable equals one of some values. */
    variable: z.object({ name: z.string().min(1), in: z.array(z.string()).min(1) }).strict().optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'an empty condition: give schedule, emergency, date, caller or variable');

export type BranchCondition = z.infer<typeof condition>;

/**
 * Goes to the first case whose condition holds, else to `otherwise`. Conditions read the schedule
 * state, emergency announcements, the date, the caller's number and call variables.
 */
export const branchNodeSchema = z
  .object({
    type: z.literal('branch'),
    cases: z.array(z.object({ when: condition, next: nodeRef }).strict()
  .describe('Goes to the first case whose condition holds (schedule, emergency, date, caller, variable), else otherwise.')).min(1),
    otherwise: nodeRef,
  })
  .strict();

export function holds(c: BranchCondition, rt: NodeRuntime): boolean {
  if (c.schedule) {
    const wanted = Array.isArray(c.schedule.is) ? c.schedule.is : [c.schedule.is];
    const status = rt.schedule(c.schedule.id);
    // `is: emergency` asks about the emergency; any other state is judged on the hours alone,
    // so that a flow that plays an emergency message still closes on Sunday.
    const matches = (status.state === 'emergency' && wanted.includes('emergency')) || wanted.includes(status.base);
    if (!matches) return false;
  }
  if (c.emergency !== undefined && rt.emergencyActive() !== c.emergency) return false;
  if (c.date) {
    const today = localDate(rt.now());
    if ((c.date.from && today < c.date.from) || (c.date.to && today > c.date.to)) return false;
  }
  if (c.caller) {
    const n = rt.call.info.callerNumber;
    const anonymous = n === '' || /anonym/i.test(n);
    if (c.caller.anonymous !== undefined && anonymous !== c.caller.anonymous) return false;
    if (c.caller.in && !c.caller.in.includes(n)) return false;
    if (c.caller.startsWith && !c.caller.startsWith.some((p) => n.startsWith(p))) return false;
  }
  if (c.variable && !c.variable.in.includes(rt.vars.get(c.variable.name) ?? '')) return false;
  return true;
}

/**
 * A closure in force (schedules.yaml `closures`: a strike, snow) on a schedule this step looks at:
 * the caller hears its message once per call, and ${closure} names it for the rest of the flow.
 */
async function announceClosure(cases: readonly { readonly when: BranchCondition }[], rt: NodeRuntime): Promise<string | undefined> {
  for (const id of new Set(cases.flatMap((c) => (c.when.schedule ? [c.when.schedule.id] : [])))) {
    const closure = rt.schedule(id).closure;
    if (closure === undefined) continue;
    if (rt.vars.get('closure') !== closure.name) {
      rt.vars.set('closure', closure.name);
      if (closure.message !== undefined) await rt.play([await rt.speak(closure.message)], false);
    }
    return closure.name;
  }
  return undefined;
}

export const branch: NodeType<typeof branchNodeSchema> = {
  type: 'branch',
  schema: branchNodeSchema,
  nextNodes: (node) => [...new Set([...node.cases.map((c) => c.next), node.otherwise])],
  promptRefs: () => [],
  async run(node, rt) {
    const closure = await announceClosure(node.cases, rt);
    const index = node.cases.findIndex((c) => holds(c.when, rt));
    const target = index >= 0 ? (node.cases[index]?.next ?? node.otherwise) : node.otherwise;
    return { next: target, detail: { case: index >= 0 ? index + 1 : 'otherwise', ...(closure === undefined ? {} : { closure }) } };
  },
};
