// A Web Worker's module (zip/deflate.worker.ts) in a Node worker thread: `self`, `onmessage` and
// `postMessage` as in a browser worker; messages that arrive while the module loads are held.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const held = [];
globalThis.self = globalThis;
globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
parentPort.on('message', (data) => (globalThis.onmessage ? globalThis.onmessage({ data }) : held.push(data)));
await import(workerData.module);
for (const data of held.splice(0)) globalThis.onmessage?.({ data });
