import { Gateway } from '../pipeline/index.js';
import { commandConfig } from './config-path.js';

// A stop that takes longer than this is cut short: an orchestrator's SIGKILL comes soon after.
const STOP_DEADLINE_MS = 25_000;

/** `vigil serve`: runs until SIGTERM / SIGINT; SIGHUP reloads the rules. */
export async function serve(flags: Record<string, string | boolean | undefined>): Promise<number> {
  const { config, resolvePath } = commandConfig(flags);
  const gateway = await Gateway.start(config, { resolvePath });
  process.on('SIGHUP', () => {
    gateway.reloadRules().catch((error: unknown) => gateway.logger.error({ err: error }, 'rule reload failed'));
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      gateway.logger.info({ signal }, 'stopping: draining in-flight requests');
      const deadline = setTimeout(resolve, STOP_DEADLINE_MS);
      deadline.unref();
      gateway.stop().then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  gateway.logger.info('stopped');
  return 0;
}
