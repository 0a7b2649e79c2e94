/**
 * The public module of src/crm: what other features, the stores and the composition root may use.
 * Outside src/crm, import from here only (dependency-cruiser checks it in `npm test`).
 */
export { createCrm } from './create-crm.js';
export {
  type Citizen,
  type Crm,
  CRM_ERROR_STATUS,
  newTicketFields,
  newTicketSchema,
  type Ticket,
  TICKET_CATEGORIES,
  TICKET_LEVELS,
  TICKET_STATUSES,
  ticketPatchFields,
  ticketView,
} from './crm.js';
export { type CrmFailureCounter, CrmGuard } from './crm-guard.js';
export { EmbeddedCrm } from './embedded-crm.js';
export { HttpCrm } from './http-crm.js';
export { callerE164 } from './phone-number.js';
export { registerCrmRoutes } from './routes.js';
