// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// Whether the peer speaks streams: the hello and the probe (docs/protocol.md, "Flag 4
// hello"). The first stream a side opens on a link sends its hello, then the probe, a
// request on QBiMuxStreams::ProbeRoute. Every bimux peer answers a request itself (Go
// bimux passes each to its one request hook and sends back what it returns), and a
// BiMuxQt peer writes its own hello before its answer: an answer that comes without a
// hello before it means the peer ignored ours. The peer's own answer, not a WebSocket pong,
// which a proxy that ends the WebSocket on its side gives before the peer has said anything.

#include "qbimuxstreams_p.h"

#include "qbimuxer.h"
#include "qbimuxlogging_p.h"
#include "qbimuxstream_p.h"
#include "qbimuxtime_p.h"

namespace {
// m_probeDeadline of a probe that waits for as long as the link lives.
constexpr QBiMuxTime::Clock::time_point NoDeadline = QBiMuxTime::Clock::time_point::max();
} // namespace

void QBiMuxStreams::sayHello()
{
    if (m_helloSent)
        return;
    m_helloSent = true;
    QBiMuxFrame hello;
    hello.flag = QBiMuxFrame::Flag::Hello;
    hello.number = FeatureStreams;
    m_link->writeStreamFrame(hello);
}

void QBiMuxStreams::sendProbe()
{
    if (m_probeNumber)
        return; // asked already; the answer or the timer ends the wait
    sayHello();
    QBiMuxFrame probe;
    probe.flag = QBiMuxFrame::Flag::Request;
    // Numbered like this side's calls, so that the peer's answer is to a number this side
    // used, and a plain peer sees an ordinary request.
    probe.number = m_link->linkRequestNumber();
    probe.route = ProbeRoute;
    m_probeNumber = probe.number;
    m_link->writeStreamFrame(probe);
    // A peer that never answers (a Go peer without a request hook, or whose hook for the
    // route never returns) must not keep the streams waiting for ever: the probe waits as
    // long as a call without a timeout of its own.
    m_probeDeadline = QBiMuxTime::deadlineAfter(m_link->linkDefaultTimeout()).value_or(NoDeadline);
    if (m_probeDeadline != NoDeadline)
        armProbeTimer();
}

void QBiMuxStreams::armProbeTimer()
{
    const auto wait
        = std::chrono::ceil<std::chrono::milliseconds>(m_probeDeadline - QBiMuxTime::Clock::now());
    // A wait past what a timer takes (24.8 days) fires early, and is armed again.
    m_probeTimer.start(QBiMuxTime::timerInterval(wait), Qt::CoarseTimer, m_muxer);
}

void QBiMuxStreams::resumeTimer()
{
    if (m_probeNumber && m_peerSupport == PeerSupport::Unknown && m_probeDeadline != NoDeadline)
        armProbeTimer();
}

bool QBiMuxStreams::handleTimer(int timerId)
{
    if (timerId != m_probeTimer.timerId())
        return false;
    m_probeTimer.stop();
    if (m_peerSupport != PeerSupport::Unknown)
        return true;
    if (QBiMuxTime::Clock::now() < m_probeDeadline) {
        armProbeTimer();
        return true;
    }
    qCDebug(lcStream) << m_muxer << "the peer did not answer the probe: streams fail";
    peerLacksStreams(
        PeerSupport::Silent); // last: it ends streams, whose slots may delete the muxer
    return true;
}

void QBiMuxStreams::onHello(quint64 features)
{
    // A side answers the peer's hello with its own as it reads it, if it has not sent one.
    if (features & FeatureStreams) {
        // Also after the probe timed out: the peer was only slow, and streams opened from
        // now on work.
        m_peerSupport = PeerSupport::Yes;
        m_probeTimer.stop();
        sayHello();
        return;
    }
    sayHello();
    if (m_peerSupport == PeerSupport::Unknown)
        peerLacksStreams(
            PeerSupport::No); // last: it ends streams, whose slots may delete the muxer
}

void QBiMuxStreams::onProbe(const QBiMuxFrame &request)
{
    // Protocol, not a call: answered here, at once, whatever the handlers, interceptors,
    // limits or drain say, and seen by observers as frames only. The hello goes first, so
    // that it reaches the prober ahead of the answer through anything that passes frames on
    // in order (a WebSocket proxy included).
    sayHello();
    QBiMuxFrame answer;
    answer.flag = QBiMuxFrame::Flag::Response;
    answer.number = request.number;
    answer.route = request.route;
    m_link->writeStreamFrame(answer);
}

void QBiMuxStreams::onProbeAnswer()
{
    m_probeNumber = 0;
    m_probeTimer.stop();
    if (m_peerSupport == PeerSupport::Yes || m_peerSupport == PeerSupport::No)
        return;
    // Unknown, or Silent if the answer came after the timeout: either way no hello came
    // before it.
    qCDebug(lcStream) << m_muxer << "the peer answered the probe without a hello: it does not "
                      << "speak streams";
    peerLacksStreams(PeerSupport::No); // last: it ends streams, whose slots may delete the muxer
}

QBiMuxStatus QBiMuxStreams::noStreamsStatus() const
{
    if (m_peerSupport == PeerSupport::Silent) {
        return QBiMuxStatus(QBiMux::StatusCode::DeadlineExceeded,
                            QBiMuxStream::tr("the peer did not answer within %1 ms whether it "
                                             "speaks bimux streams")
                                .arg(m_link->linkDefaultTimeout().count()));
    }
    return QBiMuxStatus(QBiMux::StatusCode::Unimplemented,
                        QBiMuxStream::tr("the peer does not speak bimux streams"));
}

void QBiMuxStreams::peerLacksStreams(PeerSupport support)
{
    m_peerSupport = support;
    m_probeTimer.stop();
    const QBiMuxStatus status = noStreamsStatus();
    QList<QPointer<QBiMuxStream>> failed;
    const QList<QBiMuxStreamPrivate *> own = m_own.values();
    for (QBiMuxStreamPrivate *stream : own) {
        if (!stream || stream->accepted || stream->isEnded())
            continue;
        // A plain peer ignores the reset; one whose hello was late answers it, which frees
        // the id.
        abort(stream, status);
        failed.append(stream->q_func());
    }
    for (const QPointer<QBiMuxStream> &stream : std::as_const(failed)) {
        if (stream)
            stream->d_func()->emitEnd();
    }
}
