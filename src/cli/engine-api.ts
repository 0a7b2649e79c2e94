/** The CLI's way to the engine's API (CC_API_URL, CC_API_TOKEN) and its shared errors. */

export const out = (s: string): boolean => process.stdout.write(`${s}\n`);

export class UsageError extends Error {}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const base = process.env.CC_API_URL ?? 'http://127.0.0.1:3000';
  const token = process.env.CC_API_TOKEN ?? 'demo-supervisor-token';
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new Error(`the engine does not answer at ${base} (is it running? set CC_API_URL)`);
  }
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (res.status >= 400) throw new ApiError(`${res.status}: ${(json as { error?: string } | undefined)?.error ?? text}`, json);
  return { status: res.status, json };
}

