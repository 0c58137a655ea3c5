// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxclient.h"
#include "qbimuxclient_p.h"

#include "qbimuxer.h"
#include "qbimuxer_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxtime_p.h"

#include <QtCore/qpointer.h>
#include <QtCore/qthread.h>

using namespace std::chrono_literals;

// QBiMuxClient's calls and messages: straight to the current muxer while connected,
// otherwise through the offline queue, where they wait for a connection
// (QBiMux::OfflinePolicy::Queue) within their timeouts; once sent, a queued call's future
// is finished from the muxer's.

QBiMuxerPrivate *QBiMuxClientPrivate::connectedMuxer(QMutexLocker<QMutex> &locker)
{
    Q_Q(QBiMuxClient);
    if (state != QBiMuxClient::State::Connected || !muxer || !muxer->isConnected())
        return nullptr;
    // Only this thread deletes muxers: in it the lock may go, since in the muxer's thread
    // a call may end at once and run continuations that call back in. From another thread
    // the muxer only posts the call, and cannot be deleted while the lock is held.
    QBiMuxerPrivate *current = QBiMuxerPrivate::get(muxer);
    if (QThread::currentThread() == q->thread())
        locker.unlock();
    return current;
}

std::optional<QBiMuxStatus> QBiMuxClientPrivate::refuseToQueue(const QByteArray &data,
                                                               const QBiMuxCallOptions &options,
                                                               bool oneway) const
{
    if (state == QBiMuxClient::State::Closed)
        return QBiMuxStatus(QBiMux::StatusCode::Unavailable,
                            QBiMuxClient::tr("the client is closed"));
    if (QBiMuxCallOptionsPrivate::effectiveOfflinePolicy(options, offlinePolicy)
        == QBiMux::OfflinePolicy::FailFast) {
        return QBiMuxStatus(QBiMux::StatusCode::Unavailable, QBiMuxClient::tr("not connected"));
    }
    // A call that could never be sent fails at once, not on reconnect.
    qint64 size = data.size();
    if (QBiMuxCallOptionsPrivate::hasMetadata(options)) {
        const QBiMuxMetadata metadata = options.metadata();
        const QString problem = QBiMuxCallOptionsPrivate::metadataProblem(metadata);
        if (!problem.isEmpty())
            return QBiMuxStatus(QBiMux::StatusCode::InvalidArgument, problem);
        size += QBiMuxFrame::encodedSize(metadata);
    }
    const qint64 maxMessageSize = settings.maxMessageSize();
    if (size > maxMessageSize - QBiMuxFrame::MaxOverhead) {
        return QBiMuxStatus(QBiMux::StatusCode::ResourceExhausted,
                            QBiMuxClient::tr("message of %1 bytes is larger than the maximum "
                                             "message size (%2)")
                                .arg(size)
                                .arg(maxMessageSize));
    }
    if (oneway && queuedMessages >= maxQueuedMessages) {
        return QBiMuxStatus(QBiMux::StatusCode::ResourceExhausted,
                            QBiMuxClient::tr("%n message(s) wait for a connection already, the "
                                             "most this client queues",
                                             nullptr, maxQueuedMessages.load()));
    }
    if (!oneway && queuedCalls >= maxQueuedCalls) {
        return QBiMuxStatus(QBiMux::StatusCode::ResourceExhausted,
                            QBiMuxClient::tr("%n call(s) wait for a connection already, the most "
                                             "this client queues",
                                             nullptr, maxQueuedCalls.load()));
    }
    return std::nullopt;
}

void QBiMuxClientPrivate::call(qint32 route, const QByteArray &data,
                               const QBiMuxCallOptions &options, QBiMuxCallReply &&reply)
{
    Q_Q(QBiMuxClient);
    QMutexLocker locker(&mutex);
    if (QBiMuxerPrivate *current = connectedMuxer(locker)) {
        current->call(route, data, options, std::move(reply));
        return;
    }
    if (std::optional<QBiMuxStatus> refusal = refuseToQueue(data, options, false)) {
        locker.unlock();
        reply.refuse(q, *refusal);
        return;
    }
    QueuedCall call;
    static_cast<QBiMuxCallReply &>(call) = std::move(reply);
    call.route = route;
    call.data = data;
    call.options = options;
    call.budget = QBiMuxCallBudget::of(options, settings.defaultTimeout());
    enqueue(locker, std::move(call));
}

bool QBiMuxClientPrivate::send(qint32 route, const QByteArray &data,
                               const QBiMuxCallOptions &options)
{
    Q_Q(QBiMuxClient);
    QMutexLocker locker(&mutex);
    if (QBiMuxerPrivate *current = connectedMuxer(locker))
        return current->send(route, data, options);
    if (std::optional<QBiMuxStatus> refusal = refuseToQueue(data, options, true)) {
        locker.unlock();
        // A full queue or a message too large is the caller's to know about; offline with
        // FailFast or closed is what was asked for.
        if (refusal->code() == QBiMux::StatusCode::ResourceExhausted) {
            qCWarning(lcClient).noquote()
                << q << "oneway message to route" << route << "not queued:" << refusal->message();
        } else {
            qCDebug(lcClient).noquote()
                << q << "oneway message to route" << route << "not queued:" << refusal->message();
        }
        return false;
    }
    QueuedCall message;
    message.route = route;
    message.data = data;
    message.options = options;
    message.oneway = true;
    message.budget = QBiMuxCallBudget::of(options, settings.defaultTimeout());
    enqueue(locker, std::move(message));
    return true;
}

void QBiMuxClientPrivate::enqueue(QMutexLocker<QMutex> &locker, QueuedCall &&call)
{
    ++(call.oneway ? queuedMessages : queuedCalls);
    queue.emplace(++lastKey, std::move(call));
    locker.unlock();
    requestAdoption();
}

void QBiMuxClientPrivate::eraseQueued(std::map<quint64, QueuedCall>::iterator it)
{
    --(it->second.oneway ? queuedMessages : queuedCalls);
    queue.erase(it);
}

std::map<quint64, QBiMuxClientPrivate::QueuedCall> QBiMuxClientPrivate::takeQueue()
{
    queuedCalls = 0;
    queuedMessages = 0;
    return std::exchange(queue, {});
}

// The client's thread watches queued calls for cancels and deadlines.
void QBiMuxClientPrivate::requestAdoption()
{
    Q_Q(QBiMuxClient);
    if (QThread::currentThread() == q->thread()) {
        adoptQueued();
        return;
    }
    // One event for a burst of calls from other threads.
    if (!adoptionRequested.exchange(true))
        QMetaObject::invokeMethod(
            q, [this] { adoptQueued(); }, Qt::QueuedConnection);
}

std::unique_ptr<QFutureWatcher<QByteArray>>
QBiMuxClientPrivate::watchForCancel(quint64 key, const QFuture<QByteArray> &future)
{
    Q_Q(QBiMuxClient);
    auto watcher = std::make_unique<QFutureWatcher<QByteArray>>();
    QObject::connect(watcher.get(), &QFutureWatcherBase::canceled, q,
                     [this, key] { onCallerCancelled(key); });
    watcher->setFuture(future);
    return watcher;
}

void QBiMuxClientPrivate::adoptQueued()
{
    adoptionRequested = false;
    std::vector<quint64> alreadyCancelled;
    {
        QMutexLocker locker(&mutex);
        for (auto &[key, call] : queue) {
            if (!call.promise || call.cancelWatcher)
                continue;
            const QFuture<QByteArray> future = call.promise->future();
            call.cancelWatcher = watchForCancel(key, future);
            if (future.isCanceled())
                alreadyCancelled.push_back(key);
        }
    }
    for (quint64 key : alreadyCancelled)
        onCallerCancelled(key);
    armQueueTimer();
}

void QBiMuxClientPrivate::armQueueTimer()
{
    std::optional<Clock::time_point> next;
    {
        QMutexLocker locker(&mutex);
        // A linear scan: the queue is bounded and this runs once per queued call.
        for (const auto &[key, call] : queue) {
            const std::optional<Clock::time_point> &deadline = call.budget.deadline;
            if (deadline && (!next || *deadline < *next))
                next = deadline;
        }
    }
    if (!next) {
        queueTimer->stop();
        return;
    }
    // A wait longer than a timer takes fires early, finds nothing expired and re-arms.
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
    queueTimer->start(QBiMuxTime::timerInterval(wait));
}

void QBiMuxClientPrivate::fail(QueuedCall &call, const QBiMuxStatus &status)
{
    if (!call.oneway)
        call.fail(status);
}

void QBiMuxClientPrivate::failTooLate(QueuedCall &call)
{
    fail(call,
         QBiMuxStatus(QBiMux::StatusCode::DeadlineExceeded,
                      QBiMuxClient::tr("no connection to send the call to route %1 within "
                                       "its timeout of %2 ms")
                          .arg(call.route)
                          .arg(call.budget.timeout.count())));
}

void QBiMuxClientPrivate::onQueueTimer()
{
    Q_Q(QBiMuxClient);
    std::vector<QueuedCall> expired;
    {
        QMutexLocker locker(&mutex);
        const Clock::time_point now = Clock::now();
        for (auto it = queue.begin(); it != queue.end();) {
            const std::optional<Clock::time_point> &deadline = it->second.budget.deadline;
            if (deadline && *deadline <= now) {
                expired.push_back(std::move(it->second));
                eraseQueued(it++);
            } else {
                ++it;
            }
        }
    }
    for (const QueuedCall &call : expired) {
        if (call.oneway) {
            qCDebug(lcClient) << q << "oneway message to route" << call.route
                              << "dropped: no connection within" << call.budget.timeout.count()
                              << "ms";
        }
    }
    armQueueTimer();
    // Last: the callers' continuations may close or delete the client.
    for (QueuedCall &call : expired)
        failTooLate(call);
}

void QBiMuxClientPrivate::onCallerCancelled(quint64 key)
{
    Q_Q(QBiMuxClient);
    std::optional<QueuedCall> call;
    {
        QMutexLocker locker(&mutex);
        const auto it = queue.find(key);
        if (it != queue.end()) {
            call.emplace(std::move(it->second));
            eraseQueued(it);
        }
    }
    if (call) {
        qCDebug(lcClient) << q << "queued call to route" << call->route << "cancelled";
        armQueueTimer();
        // Finishing the cancelled future runs its onCanceled() handlers, which may delete
        // the client: last.
        call->finishCancelled();
        return;
    }
    // Sent already: cancel the muxer's call, which tells the peer; its end ends ours.
    const auto it = forwarded.find(key);
    if (it != forwarded.end())
        it->second.inner.cancel();
}

bool QBiMuxClientPrivate::flushQueue(QBiMuxer *connected)
{
    Q_Q(QBiMuxClient);
    std::map<quint64, QueuedCall> calls;
    {
        // Connected in the same step as the queue is taken: a call made in another thread
        // either is in `calls` or goes to the muxer itself, after these.
        QMutexLocker locker(&mutex);
        calls = takeQueue();
        state = QBiMuxClient::State::Connected;
    }
    queueTimer->stop();
    QBiMuxerPrivate *muxerPrivate = QBiMuxerPrivate::get(connected);
    const Clock::time_point now = Clock::now();
    // Everything is sent first, in order. The calls that end here (cancelled, too late, or
    // refused by the muxer at once) end after that: their callers' continuations may close
    // or delete the client.
    std::vector<QueuedCall> cancelled;
    std::vector<QueuedCall> late;
    std::vector<ForwardedCall> refused;
    for (auto &[key, call] : calls) {
        const std::optional<Clock::time_point> &deadline = call.budget.deadline;
        if (deadline && *deadline <= now) {
            late.push_back(std::move(call));
            continue;
        }
        if (call.promise && call.promise->isCanceled()) {
            cancelled.push_back(std::move(call));
            continue;
        }
        // What is left of the call's time goes along (a deadline is one already).
        QBiMuxCallOptions options = call.options;
        if (deadline && !options.deadline())
            options.setTimeout(std::chrono::ceil<std::chrono::milliseconds>(*deadline - now));
        if (call.oneway) {
            muxerPrivate->send(call.route, call.data, options);
        } else if (!call.promise) {
            muxerPrivate->call(call.route, call.data, options, std::move(call));
        } else {
            QBiMuxCallReply inner;
            QFuture<QByteArray> innerFuture = inner.makeFuture();
            muxerPrivate->call(call.route, call.data, options, std::move(inner));
            if (std::optional<ForwardedCall> ended = forward(key, innerFuture, std::move(call)))
                refused.push_back(std::move(*ended));
        }
    }
    const QPointer<QBiMuxClient> alive(q);
    for (QueuedCall &call : cancelled)
        call.finishCancelled();
    for (QueuedCall &call : late) {
        if (call.oneway) {
            qCDebug(lcClient) << q << "oneway message to route" << call.route
                              << "dropped: no connection within" << call.budget.timeout.count()
                              << "ms";
        } else {
            failTooLate(call);
        }
    }
    for (ForwardedCall &call : refused)
        complete(call);
    return !alive.isNull();
}

std::optional<QBiMuxClientPrivate::ForwardedCall>
QBiMuxClientPrivate::forward(quint64 key, QFuture<QByteArray> inner, QueuedCall &&call)
{
    Q_Q(QBiMuxClient);
    ForwardedCall forwardedCall;
    forwardedCall.promise = QPromise<QByteArray>(std::move(*call.promise));
    call.promise.reset();
    forwardedCall.inner = inner;
    forwardedCall.cancelWatcher = std::move(call.cancelWatcher);
    // Queued in another thread and sent before the client's thread adopted it.
    if (!forwardedCall.cancelWatcher)
        forwardedCall.cancelWatcher = watchForCancel(key, forwardedCall.promise.future());
    if (inner.isFinished())
        return forwardedCall;
    forwardedCall.innerWatcher = std::make_unique<QFutureWatcher<QByteArray>>();
    QObject::connect(forwardedCall.innerWatcher.get(), &QFutureWatcherBase::finished, q,
                     [this, key] { onForwardedFinished(key); });
    forwardedCall.innerWatcher->setFuture(inner);
    forwarded.emplace(key, std::move(forwardedCall));
    return std::nullopt;
}

void QBiMuxClientPrivate::complete(ForwardedCall &call)
{
    call.cancelWatcher.reset();
    call.innerWatcher.reset();
    try {
        // Rethrows the muxer's error, if it failed.
        call.inner.waitForFinished();
    } catch (const QBiMuxError &error) {
        call.promise.setException(error);
        call.promise.finish();
        return;
    } catch (...) {
        call.promise.setException(std::current_exception());
        call.promise.finish();
        return;
    }
    if (call.inner.resultCount() > 0) {
        call.promise.addResult(call.inner.result());
    } else if (!call.promise.isCanceled()) {
        // The muxer's call is only cancelled through ours; end it as cancelled all the same.
        call.promise.future().cancel();
    }
    call.promise.finish();
}

void QBiMuxClientPrivate::onForwardedFinished(quint64 key)
{
    const auto it = forwarded.find(key);
    if (it == forwarded.end())
        return;
    ForwardedCall call = std::move(it->second);
    forwarded.erase(it);
    complete(call);
}

void QBiMuxClientPrivate::drainForwarded()
{
    // Taken out first: completing a call runs continuations that may come back here.
    std::vector<ForwardedCall> finished;
    for (auto it = forwarded.begin(); it != forwarded.end();) {
        if (it->second.inner.isFinished()) {
            finished.push_back(std::move(it->second));
            it = forwarded.erase(it);
        } else {
            ++it;
        }
    }
    for (ForwardedCall &call : finished)
        complete(call);
}
