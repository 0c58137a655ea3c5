// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxcalloptions.h"
#include "qbimuxcalloptions_p.h"

#include "qbimuxframe_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdebug.h>

/*!
    \class QBiMuxCallOptions
    \brief The options of one call or oneway message: timeout or deadline, metadata,
    and what to do while offline.

    Passed to QBiMuxChannel::rpc() and send() (and QBiMuxServer::broadcast()); the
    setters return the options, so that they chain, as qtgrpc's QGrpcCallOptions:

    \code
    client.rpc(Routes::ReadSensor, "temperature",
               QBiMuxCallOptions().setTimeout(2s).addMetadata("trace-id", traceId));
    client.send(Routes::Telemetry, reading,
                QBiMuxCallOptions().setOfflinePolicy(QBiMux::OfflinePolicy::FailFast));
    \endcode

    Default-constructed options stand for the connection's defaults and cost nothing;
    build options once and reuse them for calls that share them (copies share their
    data). Options with metadata cost the metadata's encoding per call.
*/

/*!
    \typedef QBiMuxMetadata
    \relates QBiMuxCallOptions
    Key -> value pairs that travel with a request or a oneway message, in the additive
    \c metadata field of the frame, which a plain bimux peer skips (docs/protocol.md).
    The receiver reads them with QBiMuxRequest::metadata() or QBiMuxMessage::metadata().
    Keys must be valid UTF-8 (protobuf's \c string); values are any bytes. A frame carries
    at most 64 entries with at most 8 KiB (8,192 bytes) of keys and values together, a
    limit of the protocol that a receiver holds a peer to (it closes the link on a frame
    over it). A call whose metadata is over these limits, or has a key that is not UTF-8,
    fails at once with QBiMux::StatusCode::InvalidArgument, and send() returns false;
    nothing is sent.
*/

/*!
    Constructs default options: the connection's default timeout, no metadata, and the
    default offline policy.
*/
QBiMuxCallOptions::QBiMuxCallOptions() noexcept = default;

QBIMUX_DEFINE_VALUE_MEMBERS(QBiMuxCallOptions)

/*!
    \fn void QBiMuxCallOptions::swap(QBiMuxCallOptions &other)
    Swaps these options with \a other. Never fails.
*/

/*!
    \fn bool operator!=(const QBiMuxCallOptions &a, const QBiMuxCallOptions &b)
    \relates QBiMuxCallOptions
    Returns true if \a a and \a b differ in anything they set.
*/

namespace {
// The options' own data, made or detached for a change.
QBiMuxCallOptionsPrivate *writable(QExplicitlySharedDataPointer<QBiMuxCallOptionsPrivate> &d)
{
    if (!d)
        d = new QBiMuxCallOptionsPrivate;
    else
        d.detach();
    return d.data();
}
} // namespace

/*!
    Sets how long the caller waits for the answer, from the call, to \a timeout; it
    replaces a deadline set before. The timeout travels with the request, so that the
    callee's QBiMuxRequest::deadline() knows it, and when it expires the peer is told to
    stop (a cancel). Zero or less, or 100 years or more, waits for as long as the link
    lives. For a oneway message it is how long the message may wait in a
    QBiMuxClient's offline queue.
*/
QBiMuxCallOptions &QBiMuxCallOptions::setTimeout(std::chrono::milliseconds timeout)
{
    QBiMuxCallOptionsPrivate *data = writable(d);
    data->timeout = timeout;
    data->deadline.reset();
    return *this;
}

/*!
    Returns the timeout set with setTimeout(), or std::nullopt (the connection's default
    timeout, or a deadline).
*/
std::optional<std::chrono::milliseconds> QBiMuxCallOptions::timeout() const
{
    return d ? d->timeout : std::nullopt;
}

/*!
    Sets the moment the caller stops waiting for the answer to \a deadline, for calls
    made on behalf of work that has a deadline of its own; it replaces a timeout set
    before. The time left when the request is sent travels with it. A deadline that has
    passed fails the call at once with QBiMux::StatusCode::DeadlineExceeded, without
    sending it; QDeadlineTimer::Forever waits for as long as the link lives.
*/
QBiMuxCallOptions &QBiMuxCallOptions::setDeadline(QDeadlineTimer deadline)
{
    QBiMuxCallOptionsPrivate *data = writable(d);
    data->deadline = deadline;
    data->timeout.reset();
    return *this;
}

/*!
    Returns the deadline set with setDeadline(), or std::nullopt.
*/
std::optional<QDeadlineTimer> QBiMuxCallOptions::deadline() const
{
    return d ? d->deadline : std::nullopt;
}

/*!
    Sets the metadata that travels with the call or message to \a metadata, replacing
    what was set before.
*/
QBiMuxCallOptions &QBiMuxCallOptions::setMetadata(const QBiMuxMetadata &metadata)
{
    writable(d)->metadata = metadata;
    return *this;
}

/*!
    Adds \a key with \a value to the metadata, replacing the value of a key set before.
*/
QBiMuxCallOptions &QBiMuxCallOptions::addMetadata(const QByteArray &key, const QByteArray &value)
{
    writable(d)->metadata.insert(key, value);
    return *this;
}

/*!
    Returns the metadata that travels with the call or message.
*/
QBiMuxMetadata QBiMuxCallOptions::metadata() const
{
    return d ? d->metadata : QBiMuxMetadata();
}

/*!
    Sets what the call or message does while there is no connection to send it on to
    \a policy: wait for one (Queue) or fail at once (FailFast; a message is dropped).
    Unset, a QBiMuxClient follows its QBiMuxClient::offlinePolicy() and a QBiMuxer
    queues what is sent while its socket is opening.
*/
QBiMuxCallOptions &QBiMuxCallOptions::setOfflinePolicy(QBiMux::OfflinePolicy policy)
{
    writable(d)->offlinePolicy = policy;
    return *this;
}

/*!
    Returns the offline policy set with setOfflinePolicy(), or std::nullopt.
*/
std::optional<QBiMux::OfflinePolicy> QBiMuxCallOptions::offlinePolicy() const
{
    return d ? d->offlinePolicy : std::nullopt;
}

/*!
    \relates QBiMuxCallOptions
    Returns true if \a a and \a b say the same.
*/
bool operator==(const QBiMuxCallOptions &a, const QBiMuxCallOptions &b)
{
    if (a.d == b.d)
        return true;
    const QBiMuxCallOptionsPrivate none;
    const QBiMuxCallOptionsPrivate &x = a.d ? *a.d : none;
    const QBiMuxCallOptionsPrivate &y = b.d ? *b.d : none;
    return x.timeout == y.timeout && x.deadline == y.deadline && x.metadata == y.metadata
        && x.offlinePolicy == y.offlinePolicy;
}

#ifndef QT_NO_DEBUG_STREAM
/*!
    \relates QBiMuxCallOptions
    Writes \a options to \a debug, with what is set.
*/
QDebug operator<<(QDebug debug, const QBiMuxCallOptions &options)
{
    const QDebugStateSaver saver(debug);
    debug.nospace() << "QBiMuxCallOptions(";
    const char *separator = "";
    if (const auto timeout = options.timeout()) {
        debug << "timeout=" << timeout->count() << "ms";
        separator = ", ";
    }
    if (const auto deadline = options.deadline()) {
        debug << separator << "deadline=";
        if (deadline->isForever())
            debug << "forever";
        else
            debug << "in " << deadline->remainingTime() << "ms";
        separator = ", ";
    }
    const QBiMuxMetadata metadata = options.metadata();
    if (!metadata.isEmpty()) {
        debug << separator << "metadata=" << metadata;
        separator = ", ";
    }
    if (const auto policy = options.offlinePolicy())
        debug << separator << "offlinePolicy=" << *policy;
    debug << ')';
    return debug;
}
#endif

QString QBiMuxCallOptionsPrivate::metadataProblem(const QBiMuxMetadata &metadata)
{
    // One walk over the entries per call (docs/performance.md counts them).
    qint64 bytes = 0;
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it) {
        if (!QBiMuxFrame::isValidUtf8(it.key().constData(), it.key().size())) {
            return QCoreApplication::translate("QBiMuxer", "metadata key \"%1\" is not valid UTF-8")
                .arg(QString::fromLatin1(it.key().toPercentEncoding()));
        }
        bytes += it.key().size() + it.value().size();
    }
    // The receiver would close the link on such a frame (docs/protocol.md): refused here.
    return QBiMuxFrame::metadataOverLimits(metadata.size(), bytes);
}

QBiMuxCallBudget QBiMuxCallBudget::of(const QBiMuxCallOptions &options,
                                      std::chrono::milliseconds defaultTimeout,
                                      QBiMuxTime::Clock::time_point now)
{
    using namespace std::chrono;
    QBiMuxCallBudget budget;
    const QBiMuxCallOptionsPrivate *d = QBiMuxCallOptionsPrivate::get(options);
    if (d && d->deadline) {
        if (d->deadline->isForever())
            return budget;
        const nanoseconds left(d->deadline->remainingTimeNSecs());
        budget.deadline = now + left;
        budget.timeout = std::max(ceil<milliseconds>(left), milliseconds::zero());
        return budget;
    }
    const milliseconds timeout = d && d->timeout ? *d->timeout : defaultTimeout;
    budget.deadline = QBiMuxTime::deadlineAfter(timeout, now);
    if (budget.deadline)
        budget.timeout = timeout;
    return budget;
}
