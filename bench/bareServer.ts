import restify from 'restify';
import { bodyParsers } from '../src/http/bodies';

// The ceiling for `npm run bench:http`: restify with the service's own body parsing and nothing
// else. A form or JSON body in, a small reply out.
const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
server.use(restify.plugins.queryParser({ mapParams: false }));
server.use(bodyParsers());
server.post('/bare', async (req, res) => {
  const body = req.body as Record<string, unknown> | undefined;
  res.send(200, { id: String(body?.MessageSid ?? body?.type ?? '') });
});
const port = Number(process.env.PORT ?? 0);
server.listen(port, '127.0.0.1', () => process.stderr.write(`listening on ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
