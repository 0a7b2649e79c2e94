/** A desktop's WebSocket as a test sees it: every message kept in order, waits with deadlines. */
import WebSocket from 'ws';

export interface DeskMessage {
  readonly type: string;
  readonly [key: string]: unknown;
}

export class DesktopSocket {
  readonly messages: DeskMessage[] = [];
  private readonly ws: WebSocket;
  readonly closed: Promise<number>;

  private constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (raw: Buffer) => this.messages.push(JSON.parse(raw.toString('utf8')) as DeskMessage));
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)));
  }

  /** Connects to the engine's /ws and authenticates with a session token (or anything, to test refusals). */
  static async open(port: number, token: string): Promise<DesktopSocket> {
    const s = new DesktopSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise<void>((resolve, reject) => {
      s.ws.once('open', () => resolve());
      s.ws.once('error', reject);
    });
    s.ws.send(JSON.stringify({ type: 'auth', token }));
    return s;
  }

  /** The first message (from `from` on) that matches; throws after timeoutMs with what came. */
  async next(match: (m: DeskMessage) => boolean, timeoutMs = 30_000, from = 0): Promise<DeskMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching desktop message in ${timeoutMs} ms; got: ${this.messages.map((m) => m.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  close(): void {
    this.ws.close();
  }
}
