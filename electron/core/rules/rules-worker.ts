/**
 * Worker-thread entry of the rule engine: hosts the evaluation core (evaluator.ts), so rule
 * evaluation never takes the thread that serves the hub and IPC. It answers the engine's requests in
 * the order they come (evaluator-protocol.ts) and forwards its log lines to the engine's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LogFields } from '../../contract/logger.js';
import type { EvaluatorReply, EvaluatorRequest, RulesWorkerData } from './evaluator-protocol.js';
import { createEvaluator } from './evaluator.js';
import { lowerThreadPriority } from '../thread-priority.js';

/** How many nice steps the rules thread gives up (0 normal, 19 lowest): 10 = about a tenth of a busy core's share. */
const RULES_NICE_STEPS = 10;

const port = parentPort;
if (!port) throw new Error('rules-worker.ts must run in a worker thread.');
const send = (reply: EvaluatorReply) => port.postMessage(reply);
const { staleAfter } = workerData as RulesWorkerData;
// Evaluation runs after commit and may lag; ingest, which publishers wait on, must not (issue 15:
// ingest with rules >= 90 % of without). When both cores are busy, this thread yields to them.
lowerThreadPriority(RULES_NICE_STEPS);

const evaluator = createEvaluator({
  staleAfter,
  log: { error: (message: string, fields?: LogFields) => send({ type: 'log', level: 'error', message, fields }) },
});

port.on('message', (request: EvaluatorRequest) => {
  const reply = evaluator.handle(request);
  if (reply) send(reply);
});
