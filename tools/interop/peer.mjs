// A plain bimux peer in Node.js (npm packages ws and protobufjs only), for the
// interoperability test autotests/interop. It behaves like the Go bimux library: one
// protobuf Message per binary WebSocket message, its own request numbers from 1, a
// response carries the request's number and route, unknown flags and responses to
// unknown numbers are ignored. It decodes with plain_bimux.proto, so it sees exactly
// what a plain bimux peer sees of BiMuxQt's frames.
//
//   node peer.mjs server          listen on 127.0.0.1 (free port), path /mux
//   node peer.mjs client <url>    dial <url>
//
// It prints one line per event on stdout and exits 0 once the Qt side said goodbye
// (oneway on route 23) and every check passed; 1 otherwise. It never runs longer than
// HARD_TIMEOUT_MS.

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import protobuf from 'protobufjs';
import { WebSocket, WebSocketServer } from 'ws';

const HARD_TIMEOUT_MS = 20000;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = protobuf.loadSync(path.join(here, 'plain_bimux.proto'));
const Message = root.lookupType('bimux.Message');
const Flag = { request: 0, response: 1, oneway: 2 };

const failures = [];
const say = (...words) => console.log(words.join(' '));
const fail = (why) => { failures.push(why); say('FAIL', why); };

setTimeout(() => { fail('hard timeout'); finish(1); }, HARD_TIMEOUT_MS).unref();

function finish(code) {
  say(failures.length ? 'FAILED' : 'DONE');
  process.exit(failures.length ? 1 : code);
}

function serve(ws) {
  let lastNumber = 0;
  const pending = new Map(); // number -> {route, resolve}

  const write = (fields) => ws.send(Message.encode(Message.create(fields)).finish(), { binary: true });
  const send = (route, text) => write({ number: ++lastNumber, flag: Flag.oneway, route, data: Buffer.from(text) });
  const call = (route, text) => new Promise((resolve) => {
    const number = ++lastNumber;
    pending.set(number, { route, resolve });
    write({ number, flag: Flag.request, route, data: Buffer.from(text) });
  });
  const answer = (request, text) =>
    write({ number: request.number, flag: Flag.response, route: request.route, data: Buffer.from(text) });

  ws.on('message', (bytes, isBinary) => {
    if (!isBinary) { fail('text message received'); return; }
    let message;
    try {
      message = Message.decode(bytes);
    } catch (error) {
      fail(`undecodable frame ${Buffer.from(bytes).toString('hex')}: ${error.message}`);
      return;
    }
    const number = Number(message.number);
    const data = Buffer.from(message.data).toString();
    switch (message.flag) {
    case Flag.request:
      say('REQUEST', message.route, data);
      if (message.route === 1) answer(message, `node:${data}`);
      else if (message.route === 2) answer(message, data.toUpperCase());
      else if (message.route === 3) setTimeout(() => { answer(message, `slow:${data}`); say('ANSWERED', 3); }, 300);
      // Other routes: like a Go peer whose hook ignores them, never answered.
      break;
    case Flag.response: {
      const call = pending.get(number);
      if (!call) { say('UNKNOWN-RESPONSE', number); break; }
      pending.delete(number);
      if (message.route !== call.route) fail(`response ${number} has route ${message.route}, not ${call.route}`);
      call.resolve(data);
      break;
    }
    case Flag.oneway:
      say('ONEWAY', message.route, data);
      if (message.route === 21) send(22, 'pong');
      if (message.route === 23) ws.close(1000, 'bye');
      break;
    default:
      // Go bimux's read loop has no default branch: unknown flags (BiMuxQt's cancel) vanish.
      say('IGNORED', `flag=${message.flag}`, `number=${number}`, `route=${message.route}`);
    }
  });

  ws.on('close', (code) => { say('CLOSED', code); finish(0); });
  ws.on('error', (error) => fail(`socket error: ${error.message}`));

  say('CONNECTED');
  (async () => {
    const checks = [
      [10, 'from-node', 'qt:from-node'],
      [11, 'denied?', ''],   // the Qt side fails this call: a plain peer sees empty data
      [99, 'anyone?', ''],   // no handler on the Qt side: likewise
    ];
    for (const [route, request, expected] of checks) {
      const reply = await call(route, request);
      say('REPLY', route, reply.length, reply);
      if (reply !== expected) fail(`route ${route} answered "${reply}", expected "${expected}"`);
    }
    send(20, 'hello-from-node');
    say('CALLS-DONE');
  })();
}

const [mode, url] = process.argv.slice(2);
if (mode === 'server') {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/mux' });
  server.on('listening', () => say('LISTENING', server.address().port));
  server.on('connection', (ws) => serve(ws));
} else if (mode === 'client' && url) {
  const ws = new WebSocket(url);
  ws.on('open', () => serve(ws));
  ws.on('error', (error) => { fail(`cannot connect: ${error.message}`); finish(1); });
} else {
  console.error('usage: node peer.mjs server | client <ws-url>');
  process.exit(2);
}
