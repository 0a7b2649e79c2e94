import { z } from 'zod';

/**
 * A map whose keys must match a pattern. Zod's own record reports a bad key only as "Invalid key
 * in record"; a supervisor needs to read which key and how to write it.
 */
export function keyed<V extends z.ZodType>(pattern: RegExp, keyMessage: string, value: V) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (!pattern.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}": ${keyMessage}` });
    }
  });
}
