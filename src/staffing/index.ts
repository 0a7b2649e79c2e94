/**
 * The public module of src/staffing (#24): Erlang C and Erlang A, both directions, pure.
 * Outside src/staffing, import from here only.
 */
export { agentsFor, erlangA, erlangB, erlangC, erlangs, type Load, type QueueFigures, type Staffing, type Target } from './erlang.js';
