import { chat } from './cli/chat';
import { ConfigError, loadConfig } from './config';
import { KnowledgeError } from './knowledge/errors';

// Until the web channel exists, `npm start` opens the console chat with the embedded defaults.
try {
  const config = loadConfig();
  chat(config).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
} catch (err) {
  process.stderr.write(
    `${err instanceof ConfigError || err instanceof KnowledgeError ? err.message : String(err)}\n`,
  );
  process.exit(1);
}
