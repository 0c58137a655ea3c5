// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef MUXERORACLE_H
#define MUXERORACLE_H

#include "fuzzloop.h"
#include "qbimuxframe_p.h"

#include <QBiMuxObserver>
#include <QBiMuxRequest>
#include <QBiMuxer>

#include <QtCore/qfuture.h>
#include <QtCore/qset.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <vector>

// What a fuzzed QBiMuxer may or must do with what its peer sent, and what it must have
// ended once it is closed: the model fuzz_muxer (the muxer accepted a connection) and
// fuzz_dialer (the muxer dialed) both hold it to, whichever side of the handshake it is on.
//
// Between two syncs (the peer pings and waits for the pong: the muxer handles binary
// messages as the socket reads them, so the pong means that everything before it was
// dispatched), the oracle notes what was sent: something the muxer *may* refuse, or
// something it *must* refuse. A protocol error where nothing may fail breaks an
// invariant; so does an open muxer where something had to fail.
class MuxerOracle
{
public:
    MuxerOracle(const char *target, bool verbose)
        : m_target(target)
        , m_verbose(verbose)
    { }

    void check(bool condition, const char *what) const
    {
        if (!condition)
            FuzzLoop::fail(m_target, what);
    }

    // Counts what the muxer reports, and checks it reports a protocol error only when
    // something it may refuse was sent.
    void watch(QBiMuxer *muxer)
    {
        QObject::connect(
            muxer, &QBiMuxer::protocolErrorOccurred, muxer, [this](const QString &message) {
                if (m_verbose)
                    fprintf(stderr, "  protocol error: %s\n", qPrintable(message));
                ++m_protocolErrors;
                check(m_mayFail, "protocol error on input that has nothing wrong with it");
            });
        QObject::connect(
            muxer, &QBiMuxer::disconnected, muxer,
            [this, muxer](QWebSocketProtocol::CloseCode code, const QString &reason) {
                if (m_verbose)
                    fprintf(stderr, "  muxer closed: %d %s\n", int(code), qPrintable(reason));
                ++m_disconnects;
                m_closeCode = code;
                m_closeReason = reason;
                check(muxer->state() == QBiMuxer::State::Closed, "disconnected() while not closed");
            });
    }

    // A binary message the peer sent: the codec (held to libprotobuf by
    // fuzz_frame_decoder) says whether it is a frame at all, and the protocol
    // (docs/protocol.md) what the muxer may refuse.
    void judgeBinary(const QByteArray &payload)
    {
        QString error;
        const std::optional<QBiMuxFrame> frame = QBiMuxFrame::decode(payload, &error);
        if (!frame) {
            mustFail();
            return;
        }
        switch (frame->flag) {
        case QBiMuxFrame::Flag::Request:
            // A number still in flight is refused; which ones are is not tracked here.
            if (m_requestNumbers.contains(frame->number))
                mayFail();
            m_requestNumbers.insert(frame->number);
            break;
        case QBiMuxFrame::Flag::Response:
            // To a number the muxer never used: refused. The muxer may use more numbers
            // before it reads this (handlers call rpc()), so the sync decides with the
            // final count.
            if (frame->number == 0)
                mustFail();
            else if (frame->number > m_numbersUsed)
                mayFail();
            m_highestResponse = std::max(m_highestResponse, frame->number);
            break;
        case QBiMuxFrame::Flag::Oneway:
        case QBiMuxFrame::Flag::Cancel:
        case QBiMuxFrame::Flag::Hello:
            break;
        default:
            // A stream frame out of turn is refused; whether this one is depends on the
            // streams' state, which is not modelled here.
            mayFail();
            break;
        }
    }

    void mayFail() { m_mayFail = true; }
    void mustFail() { m_mayFail = m_mustFail = true; }

    // rpc() and send() take a number only while the muxer is not closed, and only for a
    // call they do not refuse (too large for the maximum message size, congested, too
    // many in flight). The targets call rpc() in the muxer's thread, where an accepted
    // call is in flight as it returns.
    void call(QBiMuxer *muxer, qint32 route, const QByteArray &data,
              std::chrono::milliseconds timeout)
    {
        const int inFlight = muxer->pendingCallCount();
        m_futures.push_back(muxer->rpc(route, data, QBiMuxCallOptions().setTimeout(timeout)));
        if (muxer->state() != QBiMuxer::State::Closed && muxer->pendingCallCount() > inFlight)
            ++m_numbersUsed;
    }
    void send(QBiMuxer *muxer, qint32 route, const QByteArray &data)
    {
        if (muxer->state() != QBiMuxer::State::Closed && muxer->send(route, data))
            ++m_numbersUsed;
    }
    void cancelCall(quint32 index)
    {
        if (!m_futures.empty())
            m_futures[index % m_futures.size()].cancel();
    }

    // A request a handler left for later: only an answer, the peer's cancel or the close
    // can end it.
    void defer(const QBiMuxRequest &request) { m_deferred.push_back(request); }
    const QBiMuxRequest *deferred(quint32 index) const
    {
        return m_deferred.empty() ? nullptr : &m_deferred[index % m_deferred.size()];
    }

    // After a sync: whether what was sent since the last one had to close the muxer. Every
    // response number above what the muxer handed out is one it never sent.
    bool hadToFail() const { return m_mustFail || m_highestResponse > m_numbersUsed; }
    void startRound()
    {
        m_mayFail = m_mustFail = false;
        m_highestResponse = 0;
    }

    int protocolErrors() const { return m_protocolErrors; }
    int disconnects() const { return m_disconnects; }
    QWebSocketProtocol::CloseCode closeCode() const { return m_closeCode; }
    const QString &closeReason() const { return m_closeReason; }

    // Once the muxer is closed, nothing it was given may still be waiting.
    void checkEnded(const QBiMuxer *muxer) const
    {
        if (muxer) {
            check(muxer->state() == QBiMuxer::State::Closed, "close() left the muxer open");
            check(m_disconnects == 1, "disconnected() not emitted exactly once");
            check(muxer->pendingCallCount() == 0, "calls still pending after close()");
            check(muxer->pendingRequestCount() == 0, "requests still in flight after close()");
        }
        for (const QFuture<QByteArray> &future : m_futures)
            check(future.isFinished(), "an rpc() future did not end with the muxer");
        for (const QBiMuxRequest &request : m_deferred) {
            check(request.isAnswered() || request.isCancelled(),
                  "a request is neither answered nor cancelled after the muxer closed");
        }
    }

    // Observed muxers take other branches (QBiMuxObservers::isObserved()).
    class CountingObserver : public QBiMuxObserver
    {
    public:
        void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &) override { ++frames; }
        void callEvent(QBiMuxer *, const QBiMuxCallInfo &) override { ++calls; }
        int frames = 0;
        int calls = 0;
    };
    CountingObserver observer;

private:
    const char *m_target;
    bool m_verbose;
    std::vector<QFuture<QByteArray>> m_futures;
    std::vector<QBiMuxRequest> m_deferred;
    QSet<quint64> m_requestNumbers; // every request number the peer sent
    quint64 m_numbersUsed = 0; // rpc() and send() calls on an open muxer: its lastNumber

    // Since the last sync.
    bool m_mayFail = false; // something the muxer may refuse was sent
    bool m_mustFail = false; // something the muxer has to refuse was sent
    quint64 m_highestResponse = 0;

    int m_protocolErrors = 0;
    int m_disconnects = 0;
    QWebSocketProtocol::CloseCode m_closeCode = QWebSocketProtocol::CloseCodeNormal;
    QString m_closeReason;
};

#endif // MUXERORACLE_H
