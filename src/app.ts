/**
 * Composition root: the one place that wires implementations to services. Tests build the
 * app from here without listening; main.ts only runs it.
 */
import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Acd, ACD_READS, NO_ACD, QueueConfigVersions, registerAcdRoutes } from './acd/index.js';
import { RedisSettingsVersionStore } from './store/redis-settings-version-store.js';
import { EventRouter } from './events/event-router.js';
import { RedisAcdStore } from './store/redis-acd-store.js';
import { RedisCallbackStore } from './store/redis-callback-store.js';
import { bullCallbackJobs } from './store/callback-jobs.js';
import { Callbacks, ivrCallbacks, registerCallbackRoutes } from './callbacks/index.js';
import { CallHandler, Transfers } from './calls/index.js';
import { DEMO_DIRECTORY_CSV, Directory, readLdapDirectory, registerDirectoryRoutes } from './directory/index.js';
import { RedisDirectoryStore } from './store/redis-directory-store.js';
import type { Config } from './config.js';
import { LiveCatalog, loadSettings, QUEUES_FILE, registerFlowRoutes, registerScheduleRoutes, SCHEDULES_FILE, ScheduleVersions } from './ivr/index.js';
import { promptMedia } from './shared/prompts.js';
import { renderPrompt } from './shared/render-prompt.js';
import { RedisFlowVersionStore } from './store/redis-flow-version-store.js';
import { ItalianHolidays } from './shared/holidays.js';
import type { Logger } from './logger.js';
import { createHttpServer } from './http/server.js';
import { connectRedis, type RedisConnection } from './store/redis.js';
import { RedisCallStore, RedisEventLog } from './store/redis-call-store.js';
import { AriTelephony } from './telephony/ari-telephony.js';
import { activeFor, registerAnnouncementRoutes } from './announcements/index.js';
import { installAuth, parseTokens } from './http/auth.js';
import { DESKTOP_READS, DesktopHub, registerPages, registerSessionRoutes, Sessions } from './agents/index.js';
import { RedisSessionStore } from './store/redis-session-store.js';
import { RedisScreenPopStore } from './store/redis-screen-pop-store.js';
import { RedisEventTail } from './store/redis-event-tail.js';
import { RedisEventReader } from './store/redis-event-reader.js';
import { arrivals, CallRecordStore, handling, PeriodFigures, ReportsProjector, registerReportRoutes } from './reports/index.js';
import { registerStaffingRoutes, scheduleCalendar } from './staffing/index.js';
import { LiveFeed, registerLiveRoutes } from './supervisor/index.js';
import { EngineMetrics, METRICS_READS, registerMetricsRoute } from './metrics/index.js';
import { RedisAnnouncementStore } from './store/redis-announcement-store.js';
import type { Telephony } from './telephony/telephony.js';
import { createCrm, type Crm, CrmGuard, HttpCrm, registerCrmRoutes } from './crm/index.js';
import { RedisCrmStats } from './store/redis-crm-stats.js';

export interface App {
  readonly http: FastifyInstance;
  readonly telephony: Telephony;
  readonly calls: CallHandler;
  readonly store: RedisCallStore;
  readonly redis: RedisConnection;
  readonly acd: Acd;
  readonly callbacks: Callbacks;
  readonly crm: Crm;
  /** The call records reporting reads (fed from the event log). */
  readonly reports: CallRecordStore;
  /** Connects to ARI (in the background, never giving up). */
  start(): Promise<void>;
  readonly directory: Directory;
  /** Graceful stop: no new calls, calls in progress drained, then every connection closed. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** The clock flows and schedules read (tests pin it to a known day and hour). */
  readonly now?: () => Date;
}

export function buildApp(config: Config, logger: Logger, options: AppOptions = {}): App {
  // Schedules and queues are read from the files (an invalid one stops the start, with its
  // problems). Flows run from their live versions in Redis: a broken flow file is reported and
  // skipped at start, and the last good version keeps answering.
  const settings = loadSettings(config.CC_FLOWS_DIR);
  logger.info({ schedules: [...settings.schedules.keys()], queues: [...(settings.queues?.keys() ?? [])] }, 'flows.settings_loaded');

  // The figures for Prometheus (GET /metrics): latencies observed as they happen, state read at each scrape.
  const metrics = new EngineMetrics();
  const redis = connectRedis(config.CC_REDIS_URL, logger, (script, seconds) => metrics.redisScriptDone(script, seconds));
  const store = new RedisCallStore(redis);
  const events = new RedisEventLog(redis);
  const announcements = new RedisAnnouncementStore(redis);
  const soundsDir = config.CC_SOUNDS_DIR;
  const versions = new RedisFlowVersionStore(redis);
  const catalogs = new LiveCatalog(versions, settings, logger.child({ component: 'flows' }), async (texts) => {
    if (soundsDir === undefined) return; // prompts rendered by the set-up only (see CC_SOUNDS_DIR)
    for (const text of texts) await renderPrompt(text, soundsDir);
  });
  const now = options.now ?? (() => new Date());
  const telephony = new AriTelephony({
    url: config.CC_ARI_URL,
    user: config.CC_ARI_USER,
    password: config.CC_ARI_PASSWORD,
    app: config.CC_ARI_APP,
    reconnectMaxDelayMs: config.CC_ARI_RECONNECT_MAX_DELAY_MS,
    commandTimeoutMs: config.CC_ARI_COMMAND_TIMEOUT_MS,
    logger,
    observeCommand: (command, seconds, code) => metrics.ariCommandDone(command, seconds, code),
  });
  const acdStore = new RedisAcdStore(redis);
  const settingsVersions = new RedisSettingsVersionStore(redis);
  const queueVersions = new QueueConfigVersions(settingsVersions, logger.child({ component: 'acd' }));
  // schedules.yaml's live version: every call reads it with the flows' (a closure applies to the next caller).
  const scheduleVersions = new ScheduleVersions(settingsVersions, logger.child({ component: 'flows' }));
  catalogs.followSchedules(() => scheduleVersions.current());
  // One set of transfers for the IVR's transfer steps and the agents' transfers to extensions.
  const numberPolicy = { internationalAllowList: config.CC_CALLBACK_INTERNATIONAL === '' ? [] : config.CC_CALLBACK_INTERNATIONAL.split(',') };
  const transfers = new Transfers(telephony, logger, config.CC_EXTERNAL_DIAL_STRING, numberPolicy);
  const acd = new Acd({
    transfers,
    store: acdStore,
    telephony,
    events,
    logger,
    now,
    config: settings.acd ?? NO_ACD,
    configSource: async () => (await queueVersions.current())?.value,
    instance: `${hostname()}:${process.pid}`,
    promptTimeoutMs: config.CC_PROMPT_TIMEOUT_MS,
    observeDecision: (seconds) => metrics.acdDecisionDone(seconds),
  });
  const crm = createCrm(config, now);
  const crmStats = new RedisCrmStats(redis);
  const crmGuard = new CrmGuard({ crm, budgetMs: config.CC_CRM_BUDGET_MS, counter: crmStats, events, now });
  const directory = new Directory(new RedisDirectoryStore(redis), logger.child({ component: 'directory' }), now);
  const holidays = new ItalianHolidays();
  const callbacks = new Callbacks({
    store: new RedisCallbackStore(redis),
    jobs: bullCallbackJobs(config.CC_REDIS_URL, config.CC_CALLBACK_LOCK_MS, now, logger),
    acd,
    events,
    crm: crmGuard,
    holidays,
    // Queues whose callbacks follow a schedule (callbacks.schedule) read its live version.
    schedules: async () => (await scheduleVersions.current())?.value ?? settings.schedules,
    now,
    logger,
    instance: `${hostname()}:${process.pid}`,
    dialString: config.CC_CALLBACK_DIAL_STRING,
    defaultCallerId: config.CC_CALLBACK_CALLER_ID,
    numberPolicy,
    perNumberPerDay: config.CC_CALLBACK_MAX_PER_NUMBER_DAY,
    perMinute: config.CC_CALLBACK_MAX_PER_MINUTE,
  });
  const calls = new CallHandler({
    directory: () => directory.current,
    speak: async (text: string) => {
      // Names from the directory, rendered once and kept (without a sounds directory: the set-up's prompts only).
      if (soundsDir !== undefined) await renderPrompt(text, soundsDir);
      return promptMedia(text);
    },
    transfers,
    acd,
    crm: crmGuard,
    callbacks: ivrCallbacks(callbacks, now),
    catalogs,
    holidays,
    telephony,
    store,
    events,
    logger,
    promptTimeoutMs: config.CC_PROMPT_TIMEOUT_MS,
    announcements,
    callerKeySecret: config.CC_CALLER_KEY_SECRET,
    now,
  });
  telephony.onCall((call) => calls.handle(call));
  telephony.onReconciled((present) => {
    calls.endLostCalls(present).catch((error: unknown) => logger.error({ err: String(error) }, 'calls.end_lost.failed'));
    acd.endLostCalls(present).catch((error: unknown) => logger.error({ err: String(error) }, 'acd.end_lost.failed'));
  });

  const http = createHttpServer(logger, {
    check: () => ({ ari: telephony.isConnected(), redis: redis.isReady() }),
  });

  const tokens = parseTokens(config.CC_API_TOKENS);
  const sessions = new Sessions(new RedisSessionStore(redis), tokens, config.CC_SESSION_TTL_MS, now);
  installAuth(http, sessions);
  const pops = new RedisScreenPopStore(redis);
  const live = new LiveFeed(
    acd,
    async () => ({
      // Switched on now, whatever flows they are for.
      announcements: (await announcements.list()).filter((a) => activeFor([{ ...a, flows: ['*'] }], '*', now()).length > 0).map((a) => ({ id: a.id, kind: a.kind, text: a.text, flows: a.flows })),
      flows: await versions.live(),
    }),
    now,
  );
  metrics.readFrom({
    activeCalls: () => calls.activeSessions(),
    queues: () => [...acd.config.queues.keys()].map((id) => ({ id, waiting: acd.routing.waitingIn(id) })),
    agentStates: () => {
      const states = new Map<string, number>();
      for (const a of acd.routing.allAgents()) states.set(a.status, (states.get(a.status) ?? 0) + 1);
      return states;
    },
  });
  const hub = new DesktopHub({ sessions, acd, crm: crmGuard, pops, logger, now, live, directory: () => directory.current, sessionRecheckMs: config.CC_DESKTOP_SESSION_RECHECK_MS });
  hub.attach(http.server);
  const tail = new RedisEventTail(redis, logger);
  const reportStore = new CallRecordStore(config.CC_REPORTS_SQLITE_PATH);
  const eventReader = new RedisEventReader(redis, logger.child({ component: 'reports' }));
  // One consumer of the log per reports file: the same after a restart, another for another machine or file.
  // Every report's figure comes from per-day sums; a day the log has moved past is summed at once.
  const reportFigures = new PeriodFigures(reportStore, (queue) => acd.config.queues.get(queue)?.serviceLevel.seconds ?? 20);
  const projector = new ReportsProjector(reportStore, eventReader, logger.child({ component: 'reports' }), {
    consumer: `${hostname()}:${resolve(config.CC_REPORTS_SQLITE_PATH)}`,
    ...(config.CC_QUEUE_LOG_PATH === '' ? {} : { queueLog: config.CC_QUEUE_LOG_PATH }),
    onDayEnded: (day) => reportFigures.settle(day),
  });
  const ldap = config.CC_DIRECTORY_LDAP_URL;
  const readLdap =
    ldap === undefined
      ? undefined
      : () =>
          readLdapDirectory({
            url: ldap,
            baseDn: config.CC_DIRECTORY_LDAP_BASE_DN as string,
            timeoutMs: config.CC_DIRECTORY_LDAP_TIMEOUT_MS,
            ...(config.CC_DIRECTORY_LDAP_BIND_DN === undefined ? {} : { bindDn: config.CC_DIRECTORY_LDAP_BIND_DN, password: config.CC_DIRECTORY_LDAP_PASSWORD ?? '' }),
          });

  // The feature routes as one plugin, loaded after the server's own (the OpenAPI document, auth):
  // every route's declared schemas are in GET /api/openapi.json. Async: a route that cannot be
  // registered (one without a schema) fails the engine's start instead of throwing out of band.
  // eslint-disable-next-line @typescript-eslint/require-await
  void http.register(async (api) => {
    registerSessionRoutes(api, { sessions, acd, crm: crmGuard, pops, events, now });
    registerLiveRoutes(api, live);
    registerMetricsRoute(api, metrics);
    registerPages(api, ['desktop', 'live', 'docs', 'console', 'reports', 'staffing']);
    registerFlowRoutes(api, {
      catalogs,
      store: versions,
      now,
      liveEmergency: async (flowId, at) => activeFor(await announcements.list(), flowId, at).find((a) => a.kind === 'emergency')?.text,
      queueOutlook: (queue, priority) => acd.outlook(queue, priority),
    });
    registerScheduleRoutes(api, { versions: scheduleVersions, catalogs, holidays, now });
    registerAcdRoutes(api, {
      acd,
      versions: queueVersions,
      check: async (candidate) => [...(await catalogs.problemsWithQueues(new Set(candidate.queues.keys()))), ...catalogs.problemsWithCallbackSchedules(candidate)],
      applied: (applied) => catalogs.setAcd(applied),
      now,
      agentRemoved: (agentId, by) => sessions.endSessionsOf(agentId, 'removed', by),
    });
    registerCrmRoutes(api, {
      crm,
      events,
      now,
      failures: () => crmStats.failures(),
      ...(crm instanceof HttpCrm ? { breaker: () => crm.breakerState() } : {}),
    });
    registerDirectoryRoutes(api, { directory, ...(readLdap ? { readLdap } : {}) });
    registerAnnouncementRoutes(api, { store: announcements, soundsDir: config.CC_SOUNDS_DIR, now });
    registerReportRoutes(api, { store: reportStore, figures: reportFigures, slTarget: (queue) => acd.config.queues.get(queue)?.serviceLevel, now });
    // Staffing learns from the reports' records; each queue's calendar is its callbacks' schedule (020202's hours, holidays, closures).
    registerStaffingRoutes(api, {
      arrivals: (queue, from, to) => arrivals(reportStore.callsOfDays(from, to), 'queue').get(queue) ?? [],
      handling: (queue, from, to) => handling(reportStore.callsOfDays(from, to)).get(queue) ?? { ahtSeconds: undefined, patienceSeconds: Infinity },
      queues: () => acd.config.queues,
      calendar: async (queue) => {
        const id = acd.config.queues.get(queue)?.callbacks.schedule;
        const schedules = (await scheduleVersions.current())?.value ?? settings.schedules;
        return scheduleCalendar(id === undefined ? undefined : schedules.get(id), holidays);
      },
      now,
    });
    registerCallbackRoutes(api, { callbacks, callerIds: new Set([config.CC_CALLBACK_CALLER_ID, ...config.CC_CALLBACK_CALLER_IDS.split(',').filter(Boolean)]) });
  });

  let closing: Promise<void> | undefined;
  return {
    http,
    telephony,
    calls,
    store,
    redis,
    acd,
    crm,
    directory,
    callbacks,
    reports: reportStore,
    async start() {
      // schedules.yaml becomes version 1 on a fresh install; afterwards its live version wins.
      const schedulesFile = join(config.CC_FLOWS_DIR, SCHEDULES_FILE);
      if (existsSync(schedulesFile)) await scheduleVersions.importFile(schedulesFile, readFileSync(schedulesFile, 'utf8'), now());
      const queuesFile = join(config.CC_FLOWS_DIR, QUEUES_FILE);
      if (existsSync(queuesFile)) await queueVersions.importFile(queuesFile, readFileSync(queuesFile, 'utf8'), now());
      // Flows are checked against the live queues (a version published through the API wins over the file).
      const liveQueues = await queueVersions.current();
      if (liveQueues) catalogs.setAcd(liveQueues.value);
      await catalogs.importFiles(config.CC_FLOWS_DIR, now());
      // Agents and queued callers are known before Asterisk hands back the channels to adopt.
      await acd.start();
      await directory.refresh();
      // The demo (npm run up): an empty directory gets the demo people and offices.
      if (config.CC_DIRECTORY_DEMO_SEED && directory.version === 0) await directory.importCsv(DEMO_DIRECTORY_CSV, 'demo-seed');
      if (readLdap && config.CC_DIRECTORY_LDAP_SYNC_MS > 0) directory.startLdapSync(readLdap, config.CC_DIRECTORY_LDAP_SYNC_MS);
      // Each reader acts on the event types it names (src/events/catalogue.ts), from any engine.
      const router = new EventRouter(logger);
      router.on(['directory.updated'], () => directory.onEvent());
      router.on(ACD_READS, (event) => acd.onEvent(event));
      router.on(DESKTOP_READS, (event) => hub.onEvent(event));
      router.on(['callback.cancelled'], (event) => callbacks.onEvent(event));
      router.on(METRICS_READS, (event) => metrics.onEvent(event));
      tail.start((event) => router.dispatch(event));
      projector.start();
      await telephony.start();
      // Due callbacks are taken once Asterisk can be dialled (they wait for it otherwise).
      await callbacks.start();
    },
    close() {
      closing ??= (async () => {
        hub.close();
        directory.stop();
        await http.close();
        await tail.stop();
        const projected = projector.stop();
        eventReader.close();
        await projected;
        reportStore.close();
        // Callers in queues stay in Asterisk for the next engine; other calls are drained.
        acd.detach();
        // Callbacks in progress stay booked: their jobs' locks expire and another engine (or the next) takes them.
        await callbacks.stop();
        await calls.drain(config.CC_SHUTDOWN_GRACE_MS);
        await acd.stop();
        await telephony.stop();
        await crm.close();
        await redis.close();
      })();
      return closing;
    },
  };
}
