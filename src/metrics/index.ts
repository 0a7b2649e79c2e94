/**
 * The public module of src/metrics: what the composition root may use.
 * Outside src/metrics, import from here only (dependency-cruiser checks it in `npm test`).
 */
export { EngineMetrics, METRICS_READS, type MetricsEvent, type MetricsSources } from './engine-metrics.js';
export { registerMetricsRoute } from './routes.js';
