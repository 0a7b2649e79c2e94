import { z } from 'zod';
import { announcements, announcementsNodeSchema } from './announcements.js';
import { bookedCallback, bookedCallbackNodeSchema } from './booked-callback.js';
import { branch, branchNodeSchema } from './branch.js';
import { callback, callbackNodeSchema } from './callback.js';
import { collect, collectNodeSchema } from './collect.js';
import { directory, directoryNodeSchema } from './directory.js';
import { hangup, hangupNodeSchema } from './hangup.js';
import { lookup, lookupNodeSchema } from './lookup.js';
import { menu, menuNodeSchema } from './menu.js';
import type { NodeType } from './node.js';
import { play, playNodeSchema } from './play.js';
import { queue, queueNodeSchema } from './queue.js';
import { returnNode, returnNodeSchema } from './return.js';
import { say, sayNodeSchema } from './say.js';
import { set, setNodeSchema } from './set.js';
import { subflow, subflowNodeSchema } from './subflow.js';
import { survey, surveyNodeSchema } from './survey.js';
import { ticket, ticketNodeSchema } from './ticket.js';
import { transfer, transferNodeSchema } from './transfer.js';

type AnyNodeType = NodeType<z.ZodType<{ type: string }>>;

/** Every node type, by `type`. Adding a node type: one file in this folder, one line in each list. */
export const NODE_TYPES: Record<string, AnyNodeType> = Object.fromEntries(
  [play, announcements, menu, collect, branch, set, say, transfer, directory, queue, callback, bookedCallback, lookup, ticket, survey, subflow, returnNode, hangup].map((t) => [t.type, t as unknown as AnyNodeType]),
);

export const nodeSchema = z.discriminatedUnion('type', [
  playNodeSchema,
  announcementsNodeSchema,
  menuNodeSchema,
  collectNodeSchema,
  branchNodeSchema,
  setNodeSchema,
  sayNodeSchema,
  transferNodeSchema,
  directoryNodeSchema,
  queueNodeSchema,
  callbackNodeSchema,
  bookedCallbackNodeSchema,
  lookupNodeSchema,
  ticketNodeSchema,
  surveyNodeSchema,
  subflowNodeSchema,
  returnNodeSchema,
  hangupNodeSchema,
]);
export type FlowNode = z.infer<typeof nodeSchema>;
