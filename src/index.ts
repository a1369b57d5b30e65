import { ConfigError, loadConfig } from './config';
import { KnowledgeError } from './knowledge/errors';
import type { Logger } from 'pino';
import { createApp } from './server';

let log: Logger | undefined;

// A background task (a timer, a listener) whose promise fails must not end the service: Node's
// default would stop it, and with it every patient's conversation. Set before anything starts.
process.on('unhandledRejection', (err: unknown) => {
  const reason = err instanceof Error ? err.message : String(err);
  if (log) log.error({ err: reason }, 'a background task failed; the service goes on');
  else process.stderr.write(`a background task failed; the service goes on: ${reason}\n`);
});

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  log = app.log;
  app.attachStreams();
  await new Promise<void>((resolve, reject) => {
    app.server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new ConfigError([
          err.code === 'EADDRINUSE'
            ? `PORT: ${config.PORT} is already in use on ${config.HOST} (is the service running already?)`
            : `PORT/HOST: cannot listen on ${config.HOST}:${config.PORT} (${err.code ?? err.message})`,
        ]),
      ),
    );
    app.server.listen(config.PORT, config.HOST, resolve);
  });
  const port = (app.server.address() as { port: number }).port;
  app.log.info({ port }, `clinic FAQ bot listening: http://localhost:${port}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing turns under way');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  // The IT person's way to say "the knowledge changed" (the folder is watched too).
  process.on('SIGHUP', () => void app.reloadKnowledge());
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof KnowledgeError;
  process.stderr.write(
    `${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`,
  );
  // Whatever was opened (a database pool, timers) must not keep a failed start alive.
  process.exit(1);
});
