/**
 * `TRACKER_SOURCE_TOKEN=… npm run simulate -- --url <hub> --source <id> --objects 500 --rate 1000`: a
 * standalone simulated publisher for demos and load tests. Prints progress to stderr and one JSON
 * report line to stdout at the end. The push token never travels on the command line (nor is printed).
 */
import { parseArgs } from 'node:util';
import { readTokenFile } from '../../config.js';
import { parseConnectionInfo, type SimulatorConnectionInfo } from '../connection-info.js';
import { publisherUrl, startPublisher, withoutQuery } from './hub-publisher.js';

const USAGE = `Usage: TRACKER_SOURCE_TOKEN=<source token> npm run simulate -- --url <hub base or ws url> --source <id>
  [--token-file <file only you can read, instead of TRACKER_SOURCE_TOKEN>]
  [--objects 500] [--rate 1000] [--duration <s>] [--bbox w,s,e,n] [--kinds ship,car,aircraft,drone]
  [--seed N] [--batch N] [--quiet]`;

/** The source's push token: TRACKER_SOURCE_TOKEN or a 0600 `--token-file`, never `--token`. */
function sourceToken(values: { token?: string | undefined; 'token-file'?: string | undefined }): string {
  if (values.token !== undefined) {
    fail(
      "Option '--token' is not accepted: a token on the command line shows in the process list and in npm's banner. Set TRACKER_SOURCE_TOKEN or pass --token-file PATH (a file only you can read).",
    );
  }
  const file = values['token-file'];
  const fromEnv = process.env['TRACKER_SOURCE_TOKEN']?.trim();
  if (file !== undefined && fromEnv) fail('Set either TRACKER_SOURCE_TOKEN or --token-file, not both.');
  if (file !== undefined) {
    try {
      return readTokenFile(file, '--token-file');
    } catch (err) {
      fail((err as Error).message);
    }
  }
  if (!fromEnv) fail('The source token is required: set TRACKER_SOURCE_TOKEN or pass --token-file PATH.');
  return fromEnv;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) fail(`Option '--${name}' must be a positive number, got '${text}'.`);
  return value;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      source: { type: 'string' },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      objects: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      bbox: { type: 'string' },
      kinds: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.url) fail("Option '--url' is required.");
  if (!values.source) fail("Option '--source' is required.");
  const token = sourceToken(values);
  try {
    publisherUrl(values.url, values.source, 'check');
  } catch (err) {
    fail(
      err instanceof Error && err.message.startsWith('Option')
        ? err.message
        : `Option '--url' must be a URL, got '${withoutQuery(values.url)}'.`,
    );
  }
  const bboxParts = values.bbox?.split(',').map(Number);
  const kinds = values.kinds?.split(',').map((k) => k.trim());
  let info: SimulatorConnectionInfo;
  try {
    info = parseConnectionInfo('simulator', {
      bbox: bboxParts,
      kinds,
      count: Math.round(positive('objects', values.objects, 500)),
      rate_per_s: positive('rate', values.rate, 1000),
      seed: values.seed === undefined ? undefined : Math.trunc(Number(values.seed)),
    });
  } catch (err) {
    // The settings share the simulator source's validation; name the options instead of the fields.
    const names: Record<string, string> = { count: 'objects', rate_per_s: 'rate' };
    fail(
      String((err as Error).message).replace(
        /Field 'connection_info\.(\w+)[^']*'/,
        (_m, key: string) => `Option '--${names[key] ?? key}'`,
      ),
    );
  }
  const publisher = startPublisher({
    url: values.url,
    sourceId: values.source,
    token,
    objects: info.count,
    rate: info.rate_per_s,
    bbox: info.bbox,
    kinds: info.kinds,
    seed: info.seed,
    durationS: values.duration === undefined ? undefined : positive('duration', values.duration, 0),
    batchSize: values.batch === undefined ? undefined : Math.round(positive('batch', values.batch, 1)),
    onProgress: values.quiet
      ? undefined
      : (r) =>
          process.stderr.write(
            `sent ${r.sent} acked ${r.acked} errors ${r.errors} rate ${r.rate_achieved}/s (asked ${r.rate_asked}/s)\n`,
          ),
  });
  process.once('SIGINT', () => publisher.stop());
  process.once('SIGTERM', () => publisher.stop());
  void publisher.done.then((report) => {
    process.stdout.write(`${JSON.stringify({ event: 'done', ...report })}\n`);
    process.exitCode = report.errors > 0 || (report.last_error !== null && report.acked === 0) ? 1 : 0;
  });
}

main();
