// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// A plain bimux peer in Node.js (npm packages ws and protobufjs only), for the
// interoperability test autotests/interop. It behaves like the Go bimux library: one
// protobuf Message per binary WebSocket message; one counter, from 1, numbers its requests
// and oneway messages; a response carries the request's number and route; frames with a
// flag it does not know (BiMuxQt's cancel, hello and stream frames) and responses to
// numbers it is not waiting for are ignored; every request goes to its request hook, whose
// return value is the response (empty data for a route it does not serve). It decodes
// with plain_bimux.proto, the Go library's message and nothing more, so its logic sees
// exactly what a plain bimux peer sees of BiMuxQt's frames.
//
//   node peer.mjs server          listen on 127.0.0.1 (a free port), path /mux
//   node peer.mjs client <url>    dial <url>
//
// Once connected it runs a scripted conversation and prints one line per event on stdout
// (the test reads them; payloads in this script contain no spaces):
//
//   LISTENING <port>                 server mode, ready to accept
//   HANDSHAKE <path> <x-bimux-id>    server mode: what the client's handshake said ("-": nothing)
//   CONNECTED
//   REQUEST <route> <data>           a request from the other side
//   ANSWERED <route> <data>          the answer to a request of route 3 went out (late)
//   ONEWAY <route> <data>            a oneway message from the other side
//   REPLY <route> <length> <data>    the answer to one of our own calls
//   CALLS-DONE                       our own calls are answered, our oneway is sent
//   IGNORED-FLAG <flag> <route>      a frame with a flag a plain peer does not know
//   SKIPPED-FIELDS <flag> <route> <field,...>
//                                    fields a plain peer does not know were on the wire (the
//                                    decoded message has nothing of them; this just says so):
//                                    5 error, 6 timeout_ms, 9 metadata (a repeated message,
//                                    skipped whole)
//   UNKNOWN-RESPONSE <number>        a response to a number we are not waiting for (ignored)
//   CLOSED <code>
//   FAIL <why>                       anything a plain peer would trip over, or a failed check
//   DONE | FAILED                    last line
//
// Routes it serves: request 1 answers "node:" + data, request 2 the data in upper case,
// request 3 is held until the oneway "release" on route 24 (a handler that takes a while,
// deterministically), request 4 is never answered (a hook that never returns); any other
// request is answered with empty data, as a Go hook that knows no such route returns
// nothing (BiMuxQt's stream probe, on route 2147483647, among them). Oneway 21 is answered by the oneway "pong" on route 22; oneway 23
// ("bye") makes it close the connection normally. Its own script: calls route 10 (expects
// "qt:from-node"), 11 and 99 (the other side fails them: a plain peer sees empty data),
// then sends "hello-from-node" on route 20.
//
// Exit code 0 once the conversation ended with the "bye" and every check passed, 1
// otherwise; it never runs longer than HARD_TIMEOUT_MS.

import { fileURLToPath } from 'node:url';
import path from 'node:path';
import protobuf from 'protobufjs';
import { WebSocket, WebSocketServer } from 'ws';

const HARD_TIMEOUT_MS = 20000;
const here = path.dirname(fileURLToPath(import.meta.url));
const Message = protobuf.loadSync(path.join(here, 'plain_bimux.proto')).lookupType('bimux.Message');
const Flag = { request: 0, response: 1, oneway: 2 };
const flagName = (flag) => Object.keys(Flag).find((name) => Flag[name] === flag) ?? String(flag);

const failures = [];
const say = (...words) => console.log(words.join(' '));
const fail = (why) => {
  failures.push(why);
  say('FAIL', why);
};

// stdout is a pipe to the test, which Node writes synchronously on Linux: nothing said
// before process.exit() is lost.
function finish() {
  say(failures.length ? 'FAILED' : 'DONE');
  process.exit(failures.length ? 1 : 0);
}

setTimeout(() => {
  fail('hard timeout');
  finish();
}, HARD_TIMEOUT_MS).unref();
process.on('uncaughtException', (error) => {
  fail(`uncaught exception: ${error.stack ?? error}`);
  finish();
});
process.on('unhandledRejection', (error) => {
  fail(`unhandled rejection: ${error?.stack ?? error}`);
  finish();
});

// The field numbers in `bytes` that plain_bimux.proto does not define. Message.decode()
// drops them silently, which is what makes this a plain peer; this walk over the raw
// frame only reports that they were there, so the test can tell an extension really
// crossed the wire and was skipped, rather than never sent.
function unknownFields(bytes) {
  const reader = protobuf.Reader.create(bytes);
  const found = new Set();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (!Message.fieldsById[field])
      found.add(field);
    reader.skipType(tag & 7, 0, field);
  }
  return [...found].sort((a, b) => a - b);
}

let connections = 0;

function converse(ws) {
  if (++connections > 1) {
    fail('a second connection');
    ws.close(1008, 'one connection only');
    return;
  }

  let lastNumber = 0;
  const calls = new Map(); // our request number (as a string) -> {route, resolve}
  const held = []; // requests of route 3, answered on "release"
  const progress = { callsDone: false, ping: false, bye: false };

  const write = (fields) => ws.send(Message.encode(Message.create(fields)).finish(), { binary: true });
  const send = (route, text) =>
    write({ number: ++lastNumber, flag: Flag.oneway, route, data: Buffer.from(text) });
  const call = (route, text) =>
    new Promise((resolve) => {
      const number = ++lastNumber;
      calls.set(String(number), { route, resolve });
      write({ number, flag: Flag.request, route, data: Buffer.from(text) });
    });
  // Like Go bimux: the response repeats the request's number (exactly, as decoded) and route.
  const answer = (request, text) =>
    write({ number: request.number, flag: Flag.response, route: request.route, data: Buffer.from(text) });

  ws.on('message', (bytes, isBinary) => {
    if (!isBinary) {
      fail('a text message');
      return;
    }
    let message;
    let extra;
    try {
      message = Message.decode(bytes);
      extra = unknownFields(bytes);
    } catch (error) {
      fail(`undecodable frame ${Buffer.from(bytes).toString('hex')}: ${error.message}`);
      return;
    }
    const data = Buffer.from(message.data).toString();
    if (extra.length)
      say('SKIPPED-FIELDS', flagName(message.flag), message.route, extra.join(','));

    switch (message.flag) {
    case Flag.request:
      say('REQUEST', message.route, data);
      if (message.route === 1) {
        answer(message, `node:${data}`);
      } else if (message.route === 2) {
        answer(message, data.toUpperCase());
      } else if (message.route === 3) {
        held.push(message);
      } else if (message.route !== 4) {
        // Go bimux sends back whatever its hook returns: nothing, for a route it does not
        // know. Route 4 is a hook that never returns.
        answer(message, '');
      }
      break;
    case Flag.response: {
      const number = String(message.number);
      const pending = calls.get(number);
      if (!pending) {
        say('UNKNOWN-RESPONSE', number);
        break;
      }
      calls.delete(number);
      if (message.route !== pending.route)
        fail(`response ${number} has route ${message.route}, not ${pending.route}`);
      pending.resolve(data);
      break;
    }
    case Flag.oneway:
      say('ONEWAY', message.route, data);
      if (message.route === 21) {
        progress.ping = true;
        send(22, 'pong');
      } else if (message.route === 24) {
        for (const request of held.splice(0)) {
          answer(request, `slow:${Buffer.from(request.data).toString()}`);
          say('ANSWERED', request.route, `slow:${Buffer.from(request.data).toString()}`);
        }
      } else if (message.route === 23) {
        progress.bye = true;
        ws.close(1000, 'bye');
      }
      break;
    default:
      // Go bimux's read loop switches on the three flags it knows and has no default
      // branch: the frame is dropped and the connection goes on.
      say('IGNORED-FLAG', message.flag, message.route);
    }
  });

  ws.on('close', (code) => {
    say('CLOSED', code);
    const missing = Object.keys(progress).filter((step) => !progress[step]);
    if (missing.length)
      fail(`closed before the conversation ended, missing: ${missing.join(',')}`);
    if (calls.size)
      fail(`${calls.size} call(s) never answered`);
    finish();
  });
  ws.on('error', (error) => fail(`socket error: ${error.message}`));

  say('CONNECTED');
  (async () => {
    const script = [
      [10, 'from-node', 'qt:from-node'],
      [11, 'denied?', ''], // the other side fails it: field 5, which a plain peer skips
      [99, 'anyone?', ''], // no handler on the other side: likewise
    ];
    for (const [route, request, expected] of script) {
      const reply = await call(route, request);
      say('REPLY', route, reply.length, reply);
      if (reply !== expected)
        fail(`route ${route} answered "${reply}", expected "${expected}"`);
    }
    send(20, 'hello-from-node');
    progress.callsDone = true;
    say('CALLS-DONE');
  })();
}

const [mode, url] = process.argv.slice(2);
if (mode === 'server') {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/mux' });
  server.on('listening', () => say('LISTENING', server.address().port));
  server.on('connection', (ws, request) => {
    say('HANDSHAKE', request.url, request.headers['x-bimux-id'] ?? '-');
    converse(ws);
  });
  server.on('error', (error) => {
    fail(`cannot listen: ${error.message}`);
    finish();
  });
} else if (mode === 'client' && url) {
  const ws = new WebSocket(url);
  ws.on('open', () => converse(ws));
  // Before 'open' nothing else reports a failed dial; after it, converse()'s handlers do.
  ws.once('error', (error) => {
    if (!connections) {
      fail(`cannot connect to ${url}: ${error.message}`);
      finish();
    }
  });
} else {
  console.error('usage: node peer.mjs server | client <ws-url>');
  process.exit(2);
}
