import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { createApp, type App } from '../../src/server';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'faqbot-'));
}

export interface Running {
  url: string;
  app: App;
  close(): Promise<void>;
}

/** The whole service in this process, on a free port, with its own data folder. */
export async function startServer(env: Record<string, string> = {}): Promise<Running> {
  const config = loadConfig({ DATA_DIR: tempDataDir(), LOG_LEVEL: 'silent', PORT: '0', ...env });
  const app = await createApp(config);
  app.attachStreams();
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const port = (app.server.address() as { port: number }).port;
  // PUBLIC_URL must name the real port for stream URLs; tests that need it pass it in env.
  const url = `http://127.0.0.1:${port}`;
  return { url, app, close: () => app.close() };
}

export interface Spawned {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** The service as its own process (`src/index.ts`), for kill -9 and restart tests. */
export async function spawnServer(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<Spawned> {
  // `node --import tsx` runs the service in this very process, so SIGKILL really kills it (the
  // tsx command-line wrapper would leave its own child running).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: join(__dirname, '..', '..'),
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 30 s')), 30_000);
    // The service logs to stderr (stdout is kept for `npm run ask`).
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, exited };
}

/** kill -9: the service gets no chance to clean up. Resolves once it has gone. */
export async function killHard(spawned: Spawned): Promise<void> {
  if (spawned.child.exitCode === null && spawned.child.signalCode === null)
    spawned.child.kill('SIGKILL');
  await spawned.exited;
}
