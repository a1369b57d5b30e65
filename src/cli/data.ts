import { loadConfig } from '../config';
import { FieldCipher } from '../storage/crypto';
import { openStore } from '../storage/open';

// `npm run data -- rekey`: re-seals every encrypted field with the first key of DATA_KEY (after
// a rotation), and seals what was stored before DATA_KEY was set.
// `npm run data -- purge`: applies RETENTION_DAYS now rather than at the next hourly run.
async function main(): Promise<void> {
  const [command] = process.argv.slice(2);
  const config = loadConfig();
  const store = await openStore(config);
  try {
    if (command === 'rekey') {
      if (!config.DATA_KEY) throw new Error('DATA_KEY is not set: there is no key to seal with');
      const changed = await store.rekey(new FieldCipher(config.DATA_KEY));
      process.stdout.write(`re-sealed ${changed} fields with the current key\n`);
    } else if (command === 'purge') {
      if (!config.RETENTION_DAYS) throw new Error('RETENTION_DAYS is 0: nothing is purged');
      const removed = await store.purgeBefore(
        new Date(Date.now() - config.RETENTION_DAYS * 86_400_000),
      );
      process.stdout.write(`${JSON.stringify(removed)}\n`);
    } else {
      throw new Error('usage: npm run data -- rekey | purge');
    }
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
