#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/.

Each seed is a few bytes, built here by hand so that it is reviewable: bimux Messages in
the protobuf wire format for fuzz_frame_decoder, scripts in the format of
fuzz/muxerscript.h for fuzz_muxer. Run it again after changing either format:

    python3 fuzz/make-corpus.py
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

# --- the protobuf wire format (proto/bimux.proto) ---------------------------------------


def varint(value):
    value &= (1 << 64) - 1  # negative int32s are sign-extended to ten bytes
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def vfield(field, value):
    return varint(field << 3) + varint(value)


def bfield(field, data):
    return varint(field << 3 | 2) + varint(len(data)) + data


def message(number=0, flag=0, route=0, data=b"", status=None, timeout_ms=0, window=0,
            from_acceptor=False, metadata=()):
    out = b""
    if number:
        out += vfield(1, number)
    if flag:
        out += vfield(2, flag)
    if route:
        out += vfield(3, route)
    if data:
        out += bfield(4, data)
    if status is not None:
        code, text = status
        inner = (vfield(1, code) if code else b"") + (bfield(2, text) if text else b"")
        out += bfield(5, inner)
    if timeout_ms:
        out += vfield(6, timeout_ms)
    if window:
        out += vfield(7, window)
    if from_acceptor:
        out += vfield(8, 1)
    for key, value in metadata:  # map<string, bytes>: one entry message each
        out += bfield(9, bfield(1, key) + bfield(2, value))
    return out


REQUEST, RESPONSE, ONEWAY, CANCEL = 0, 1, 2, 3
HELLO, STREAM_OPEN, STREAM_DATA, STREAM_WINDOW, STREAM_FIN, STREAM_RESET, STREAM_CLOSE = range(4, 11)

FRAMES = {
    "empty": b"",
    "request": message(1, REQUEST, 1, b"hello"),
    "request-timeout": message(2, REQUEST, 7, b"x", timeout_ms=30000),
    "request-metadata": message(5, REQUEST, 7, b"x", metadata=[(b"trace-id", b"4bf9"), (b"", b"")]),
    "oneway-metadata-repeated-key": message(6, ONEWAY, 2, b"m", metadata=[(b"k", b"1"), (b"k", b"2")]),
    "response": message(1, RESPONSE, 0, b"world"),
    "response-failed": message(3, RESPONSE, status=(4, b"deadline exceeded")),
    "response-code-zero": message(3, RESPONSE, status=(0, b"")),
    "oneway-negative-route": message(9, ONEWAY, -5, b"event"),
    "cancel": message(2, CANCEL, 7),
    "max-number": message((1 << 64) - 1, REQUEST, 0x7FFFFFFF),
    # Unknown fields of every wire type, which protobuf skips: varint, fixed64,
    # length-delimited, a group with a field inside, fixed32.
    "unknown-fields": message(4, ONEWAY, 1)
    + vfield(15, 1)
    + varint(16 << 3 | 1) + b"\0" * 8
    + bfield(17, b"skip")
    + varint(18 << 3 | 3) + vfield(1, 2) + varint(18 << 3 | 4)
    + varint(19 << 3 | 5) + b"\0" * 4,
    "repeated-fields": message(1, RESPONSE, data=b"a") + bfield(4, b"b") + vfield(1, 5),
    # The streams extension (docs/protocol.md).
    "hello": message(1, HELLO),
    "stream-open": message(1, STREAM_OPEN, 7, window=512 * 1024),
    "stream-data-from-acceptor": message(3, STREAM_DATA, data=b"bytes", from_acceptor=True),
    "stream-reset": message(2, STREAM_RESET, status=(8, b"too many"), from_acceptor=True),
    # Refused by libprotobuf, and so by the codec.
    "unknown-flag": message(1, 11, 1),
    "truncated-varint": vfield(1, 300)[:-1],
    "bad-utf8-status": message(3, RESPONSE, status=(13, b"\xc0\xaf")),
    "bad-utf8-metadata-key": message(4, REQUEST, 1, metadata=[(b"\xed\xa0\x80", b"v")]),
    "length-past-end": varint(4 << 3 | 2) + varint(100) + b"short",
    "end-group-alone": varint(5 << 3 | 4),
    # At a frame's metadata limits (64 entries, 8 KiB of keys and values), and one past
    # them: libprotobuf takes the latter, the codec refuses it (docs/protocol.md).
    "metadata-64-entries": message(7, REQUEST, 1, metadata=[(b"%d" % i, b"") for i in range(64)]),
    "metadata-65-entries": message(7, ONEWAY, 1, metadata=[(b"%d" % i, b"") for i in range(65)]),
    "metadata-8-kib": message(8, REQUEST, 1, metadata=[(b"k", b"v" * 8191)]),
    "metadata-8-kib-and-1": message(8, REQUEST, 1, metadata=[(b"k", b"v" * 8192)]),
}

# --- fuzz_muxer scripts (fuzz/muxerscript.h) --------------------------------------------

OBSERVED, SIGNALS_REQUESTS, SIGNALS_MESSAGES, SMALL_MAX = 1, 2, 4, 8


def blob(data):
    return bytes([len(data)]) + data


def req(number, route, data=b"", timeout=None):
    if timeout is None:
        return bytes([2, number, route]) + blob(data)
    return bytes([2 | 0x80, number, route]) + blob(data) + bytes([timeout])


def resp(number, data=b"", status=None):
    if status is None:
        return bytes([5, number]) + blob(data)
    code, text = status
    return bytes([5 | 0x80, number]) + blob(data) + bytes([code]) + blob(text)


def cancel(number, route=0):
    return bytes([8, number, route])


def oneway(number, route, data=b""):
    return bytes([9, number, route]) + blob(data)


def bad_flag(number, flag, route, truncated=False):
    return bytes([10 | (0x80 if truncated else 0), number, flag - 4, route])


FOREVER, ONE_MINUTE, ONE_MS = 0, 1, 2  # rpc() timeouts (MuxerScript::timeout)


def call(route, data=b"", timeout=FOREVER):
    return bytes([11, route]) + blob(data) + bytes([timeout])


def send(route, data=b""):
    return bytes([12, route]) + blob(data)


def cancel_future(index):
    return bytes([13, index])


REPLY, FAIL, WITH_FUTURE, LEAVE = 0, 1, 2, 3


def answer(index, how):
    return bytes([14, index, how])


RESULT, ERROR, CANCELLED = 0, 1, 2


def finish_promise(index, how):
    return bytes([15, index, how])


DESTROY_CONTEXT = bytes([16])
SYNC = bytes([19])


def wait(ms):
    return bytes([17, ms - 1])


def client_close(abort=False):
    return bytes([18, 1 if abort else 0])


MUXER_CLOSE = bytes([18 | 0x80, 0])


def raw(data):
    return bytes([0]) + blob(data)


def text(data):
    return bytes([1]) + blob(data)


SCRIPTS = {
    "echo": bytes([0]) + req(1, 1, b"hi") + SYNC,
    "every-handler": bytes([OBSERVED])
    + b"".join(req(n, route, b"\x05") for n, route in enumerate([1, 2, 3, 4, 5, 7, 8, 9, 10], 1))
    + SYNC,
    "rpc-answered": bytes([0]) + call(1, b"q") + SYNC + resp(1, b"a") + SYNC,
    "rpc-failed": bytes([OBSERVED]) + call(2, b"q") + resp(1, status=(5, b"nope")) + SYNC,
    "rpc-cancelled": bytes([0]) + call(1) + call(2) + wait(12) + cancel_future(0) + wait(12)
    + cancel_future(1) + resp(2) + SYNC,
    "rpc-timeout": bytes([OBSERVED]) + call(3, b"t", ONE_MS) + wait(12) + resp(1) + SYNC,
    "deferred-cancelled": bytes([0]) + req(1, 4, b"d") + SYNC + cancel(1) + SYNC + answer(0, REPLY)
    + req(1, 4) + SYNC,
    "deferred-duplicate": bytes([0]) + req(3, 4) + req(3, 4) + SYNC,
    "promise": bytes([0]) + req(1, 5) + req(2, 5) + SYNC + finish_promise(0, RESULT)
    + finish_promise(1, ERROR) + SYNC,
    "signals": bytes([SIGNALS_REQUESTS | SIGNALS_MESSAGES]) + req(1, 10) + req(2, 11, b"\x01")
    + oneway(1, 10, b"m") + SYNC + answer(0, WITH_FUTURE) + finish_promise(0, CANCELLED) + SYNC,
    "handlers-reenter": bytes([OBSERVED]) + req(1, 7, b"r") + oneway(5, 7, b"s") + SYNC
    + resp(1) + resp(2) + SYNC + req(2, 6) + SYNC,
    "context-destroyed": bytes([0]) + req(1, 8) + SYNC + DESTROY_CONTEXT + req(2, 8)
    + oneway(1, 8) + SYNC,
    "delete-later": bytes([0]) + call(1) + oneway(1, 9) + SYNC + req(1, 1) + SYNC,
    "answer-too-large": bytes([SMALL_MAX]) + req(1, 1, b"x" * 96) + req(2, 1, b"y" * 40) + SYNC,
    "response-unknown": bytes([0]) + call(1) + resp(9) + SYNC,
    "response-zero": bytes([0]) + resp(0) + SYNC,
    "text": bytes([0]) + req(1, 4) + text(b"hello") + SYNC,
    "garbage": bytes([0]) + raw(b"\xff\xff\xff") + SYNC,
    "unknown-flag": bytes([0]) + bad_flag(1, 11, 1) + SYNC,
    # Streams, on the fuzz target's stream routes: 1 echoes, 2 holds, 3 resets, 4 deletes.
    "stream-echo": bytes([OBSERVED]) + raw(message(1, HELLO))
    + raw(message(1, STREAM_OPEN, 1, window=65536)) + raw(message(1, STREAM_DATA, data=b"abc"))
    + raw(message(1, STREAM_FIN)) + SYNC + raw(message(1, STREAM_WINDOW, window=3)) + SYNC,
    "stream-held-and-reset": bytes([0]) + raw(message(1, STREAM_OPEN, 2, window=16))
    + raw(message(1, STREAM_DATA, data=b"held")) + SYNC + raw(message(1, STREAM_RESET))
    + raw(message(1, STREAM_OPEN, 3)) + raw(message(2, STREAM_OPEN, 4)) + SYNC,
    "stream-out-of-turn": bytes([0]) + raw(message(5, STREAM_CLOSE, from_acceptor=True))
    + SYNC,
    "closes": bytes([0]) + call(1) + req(1, 4) + SYNC + client_close() + bytes([0]) + call(1)
    + MUXER_CLOSE,
    "send": bytes([OBSERVED]) + send(1, b"a") + send(2) + SYNC + resp(1) + SYNC,
}


# --- fuzz_dialer inputs (fuzz/fuzz_dialer.cpp) ---------------------------------------
# A configuration byte, a handshake byte and its operands, then steps: a framing byte
# and, unless it asks for raw bytes (15) or a control frame (14), one fuzz_muxer step.

UPGRADE, UPGRADE_EXTRA, WRONG_KEY, ANY_BYTES, OTHER_STATUS = 0, 0x80, 5, 6, 7
WHOLE, FRAGMENTED, RESERVED_BIT = 0, 1, 2


def framed(step, framing=WHOLE):
    return bytes([framing]) + step


def control(kind, payload=b"", large=False):
    return bytes([14 | (0x80 if large else 0)]) + blob(payload) + bytes([kind])


def raw_bytes(data):
    return bytes([15]) + blob(data)


DIALS = {
    "echo": bytes([0, UPGRADE]) + framed(req(1, 1, b"hi")) + framed(SYNC),
    "rpc-answered": bytes([OBSERVED, UPGRADE]) + framed(call(1, b"q")) + framed(SYNC)
    + framed(resp(1, b"early")) + framed(resp(2, b"a"), FRAGMENTED) + framed(SYNC),
    "extra-header": bytes([0, UPGRADE_EXTRA]) + blob(b"x: y") + framed(req(1, 2, b"\x05"))
    + framed(SYNC),
    "wrong-key": bytes([0, WRONG_KEY]),
    "any-bytes": bytes([0, ANY_BYTES]) + blob(b"HTTP/1.1 101 OK\r\n\r\n"),
    "unauthorized": bytes([0, OTHER_STATUS, 2, 1]) + blob(b"who are you"),
    "deferred": bytes([0, UPGRADE]) + framed(req(3, 4)) + framed(SYNC) + framed(cancel(3))
    + framed(answer(0, REPLY)) + framed(SYNC),
    "text": bytes([0, UPGRADE]) + framed(text(b"hello")) + framed(SYNC),
    "garbage": bytes([0, UPGRADE]) + framed(raw(b"\xff\xff")) + framed(SYNC),
    "reserved-bit": bytes([0, UPGRADE]) + framed(req(1, 1), RESERVED_BIT) + framed(SYNC),
    "ping-close": bytes([0, UPGRADE]) + control(0, b"p") + control(2, b"\x03\xe8bye"),
    "large-ping": bytes([0, UPGRADE]) + control(0, b"p" * 200, large=True),
    "raw": bytes([0, UPGRADE]) + raw_bytes(b"\x82\x7f\xff\xff\xff\xff\xff\xff\xff\xff"),
    "server-closes": bytes([SMALL_MAX, UPGRADE]) + framed(call(1)) + framed(client_close())
    + framed(call(1)),
    "timeout": bytes([0, UPGRADE]) + framed(call(3, b"t", ONE_MS)) + framed(wait(4))
    + framed(resp(2)) + framed(SYNC),
}


def write(target, seeds):
    directory = os.path.join(HERE, "corpus", target)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)


write("fuzz_frame_decoder", FRAMES)
write("fuzz_muxer", SCRIPTS)
write("fuzz_dialer", DIALS)
