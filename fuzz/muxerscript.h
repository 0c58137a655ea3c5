// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef MUXERSCRIPT_H
#define MUXERSCRIPT_H

#include "rawframes.h"

#include <QtCore/qbytearray.h>

#include <chrono>
#include <cstddef>
#include <cstdint>

// One thing fuzz_muxer does: a WebSocket message from the raw client, or something done
// to the muxer through its API.
struct Step
{
    enum Kind {
        Binary, // bytes: a binary message
        Text, // bytes: a text message
        Call, // rpc(route, bytes, timeout)
        Send, // send(route, bytes)
        CancelFuture, // futures[index].cancel()
        AnswerDeferred, // answer deferred[index] as `how` says
        FinishPromise, // finish promises[index] with a result, an error or a cancel
        DestroyContext, // delete the context object of the route 8 handlers
        Sync, // ping, and wait until everything sent so far was handled
        Wait, // spin the event loop for `timeout`
        ClientClose, // the raw client closes (how & 1: aborts)
        MuxerClose, // muxer->close()
    };
    Kind kind = Sync;
    QByteArray bytes;
    qint32 route = 0;
    std::chrono::milliseconds timeout {0};
    quint8 index = 0;
    quint8 how = 0;
};

// Reads the fuzz input as a script of Steps. The first byte configures the muxer; then
// each step is an opcode byte and its operands. Frames are mostly built well-formed, with
// small numbers and routes, so that requests, responses and cancels meet each other, the
// rpc() calls of the target and the handlers (routes 1-9, see fuzz_muxer.cpp); raw bytes
// and text cover the rest. Whether a frame is acceptable is for fuzz_muxer.cpp to judge,
// from what the codec decodes. Running out of input reads zeros. Operands are read in
// the order they are listed (fuzz/make-corpus.py writes seeds in this format).
class MuxerScript
{
public:
    static constexpr int MaxSteps = 64;

    MuxerScript(const uint8_t *data, size_t size)
        : m_pos(data)
        , m_end(data + size)
    { }

    bool atEnd() const { return m_pos == m_end; }

    quint8 byte() { return m_pos == m_end ? 0 : *m_pos++; }

    QByteArray bytes(size_t maxSize)
    {
        const size_t size = std::min<size_t>(byte() % (maxSize + 1), size_t(m_end - m_pos));
        QByteArray out(reinterpret_cast<const char *>(m_pos), qsizetype(size));
        m_pos += size;
        return out;
    }

    Step next()
    {
        Step step;
        const quint8 opcode = byte();
        switch (opcode % 20) {
        case 0: // arbitrary bytes
            step.kind = Step::Binary;
            step.bytes = bytes(255);
            break;
        case 1:
            step.kind = Step::Text;
            step.bytes = bytes(32);
            break;
        case 2:
        case 3:
        case 4: { // request
            step.kind = Step::Binary;
            const quint64 number = byte() % 8;
            const qint32 route = byte() % 12;
            // Up to 96 bytes: more than the 64 an answer may have with config & 8.
            step.bytes = RawFrames::message(number, RawFrames::Request, route, bytes(96));
            if (opcode & 0x80) // the timeout extension
                RawFrames::appendVarintField(step.bytes, 6, byte() % 4 * 1000);
            break;
        }
        case 5:
        case 6:
        case 7: { // response, maybe a failed one
            step.kind = Step::Binary;
            const quint64 number = byte() % 10;
            step.bytes = RawFrames::message(number, RawFrames::Response, 0, bytes(16));
            if (opcode & 0x80)
                appendStatus(step.bytes);
            break;
        }
        case 8: { // cancel
            step.kind = Step::Binary;
            const quint64 number = byte() % 8;
            step.bytes = RawFrames::message(number, RawFrames::Cancel, byte() % 12, {});
            break;
        }
        case 9: { // oneway
            step.kind = Step::Binary;
            const quint64 number = byte();
            const qint32 route = byte() % 12;
            step.bytes = RawFrames::message(number, RawFrames::Oneway, route, bytes(16));
            break;
        }
        case 10: { // a frame with a flag no bimux version knows, or a broken tail
            step.kind = Step::Binary;
            const quint64 number = byte() % 8;
            const quint64 flag = 4 + byte() % 8;
            step.bytes = RawFrames::message(number, flag, byte() % 12, {});
            if (opcode & 0x80)
                step.bytes.append(char(0x80)); // a varint cut short
            break;
        }
        case 11:
            step.kind = Step::Call;
            step.route = byte() % 12;
            step.bytes = bytes(16);
            step.timeout = timeout(byte());
            break;
        case 12:
            step.kind = Step::Send;
            step.route = byte() % 12;
            step.bytes = bytes(16);
            break;
        case 13:
            step.kind = Step::CancelFuture;
            step.index = byte();
            break;
        case 14:
            step.kind = Step::AnswerDeferred;
            step.index = byte();
            step.how = byte();
            break;
        case 15:
            step.kind = Step::FinishPromise;
            step.index = byte();
            step.how = byte();
            break;
        case 16:
            step.kind = Step::DestroyContext;
            break;
        case 17:
            step.kind = Step::Wait;
            step.timeout = std::chrono::milliseconds(1 + byte() % 12);
            break;
        case 18:
            step.kind = (opcode & 0x80) ? Step::MuxerClose : Step::ClientClose;
            step.how = byte();
            break;
        default:
            step.kind = Step::Sync;
            break;
        }
        return step;
    }

private:
    // No deadline, one that never fires during a run, or one that may: 1 or 2 ms, within
    // the little real time an input may spend waiting (the targets' MaxWaitPerInput).
    static std::chrono::milliseconds timeout(quint8 choice)
    {
        using std::chrono::milliseconds;
        if (choice % 4 == 0)
            return milliseconds(0);
        if (choice % 4 == 1)
            return milliseconds(60000);
        return milliseconds(1 + choice % 2);
    }

    // The error extension: bimux.Status {code, message}.
    void appendStatus(QByteArray &frame)
    {
        QByteArray status;
        const quint8 code = byte();
        if (code & 0x80) // negative codes take ten bytes
            RawFrames::appendVarintField(status, 1, quint64(-qint64(code & 0x7f)));
        else if (code)
            RawFrames::appendVarintField(status, 1, code);
        const QByteArray message = bytes(8);
        if (!message.isEmpty())
            RawFrames::appendBytesField(status, 2, message);
        // Not always UTF-8, which libprotobuf (and so the muxer) refuses.
        RawFrames::appendBytesField(frame, 5, status);
    }

    const uint8_t *m_pos;
    const uint8_t *m_end;
};

#endif // MUXERSCRIPT_H
