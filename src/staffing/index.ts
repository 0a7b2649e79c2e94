/**
 * The public module of src/staffing (#24): Erlang C and Erlang A, both directions, pure.
 * Outside src/staffing, import from here only.
 */
export { agentsFor, erlangA, erlangB, erlangC, erlangs, type Load, type QueueFigures, type Staffing, type Target } from './erlang.js';
export { accuracy, type Accuracy, type Calendar, type DayCounts, type DayFacts, forecast, type ForecastOptions, poissonMad, seasonalAverage, SLOTS, weekday } from './forecast.js';
export { agentHours, dayPlan, type PlanInputs, type PlanSlot } from './plan.js';
export { callsOfDay, exampleDay, type ExampleDayOptions, WEEKDAY_PROFILE } from './example-day.js';
export { seededRandom } from '../shared/seeded-random.js';
export { replay, type ReplayCall, type ReplayOptions, type ReplayResult, type ReplaySlot, type ReplayStaff } from './replay.js';
export { scheduleCalendar } from './calendar.js';
export { registerStaffingRoutes, type StaffingRouteDeps } from './routes.js';
