/** `tsx scripts/stack/cli.ts start|stop|status`: the stack without the engine, for debugging. */
import { loadConfig } from '../../src/config.js';
import { asteriskPid, asteriskVersion, writeAsteriskConfig } from './asterisk.js';
import { startStack, stopStack } from './stack.js';

const config = loadConfig(process.env);
const command = process.argv[2];
const out = (s: string): boolean => process.stdout.write(`${s}\n`);

try {
  if (command === 'start') {
    await startStack(config, 'redis');
    out(`stack started: ${await asteriskVersion()}, Redis ${config.CC_REDIS_URL}, ARI ${config.CC_ARI_URL}`);
  } else if (command === 'stop') {
    await stopStack(config, 'redis');
    out('stack stopped');
  } else if (command === 'status') {
    const pid = asteriskPid();
    out(pid === undefined ? 'asterisk: stopped' : `asterisk: running (pid ${pid})`);
  } else if (command === 'render-config' && process.argv[3]) {
    // For Docker users (docker-compose.yml): the rendered /etc/asterisk, without the chroot.
    writeAsteriskConfig(process.argv[3], config, process.env);
    out(`asterisk configuration written to ${process.argv[3]}`);
  } else {
    out('usage: tsx scripts/stack/cli.ts start|stop|status|render-config DIR');
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`stack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
