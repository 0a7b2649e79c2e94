/**
 * Errors with stable codes (FEATURE.REASON). They are translated at the edges (HTTP, logs),
 * never swallowed.
 */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}
