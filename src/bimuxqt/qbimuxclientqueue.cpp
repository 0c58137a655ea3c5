#include "qbimuxclient.h"
#include "qbimuxclient_p.h"

#include "qbimuxer.h"
#include "qbimuxlogging_p.h"
#include "qbimuxtime_p.h"

#include <QtCore/qpointer.h>
#include <QtCore/qthread.h>

using namespace std::chrono_literals;

// QBiMuxClient's offline queue: calls and messages made while not connected wait here
// for a connection (OfflinePolicy::Queue), within their timeouts; once sent, a queued
// call's future is finished from the muxer's.
QFuture<QByteArray> QBiMuxClientPrivate::failedFuture(const QBiMuxError &error)
{
    QPromise<QByteArray> promise;
    promise.setException(error);
    promise.finish();
    return promise.future();
}

QFuture<QByteArray> QBiMuxClientPrivate::enqueue(QMutexLocker<QMutex> &locker, qint32 route,
                                                 const QByteArray &data,
                                                 std::chrono::milliseconds timeout)
{
    QueuedCall call;
    call.route = route;
    call.data = data;
    call.timeout = timeout;
    call.deadline = QBiMuxTime::deadlineAfter(timeout);
    QFuture<QByteArray> future = call.promise.future();
    queue.emplace(++lastKey, std::move(call));
    locker.unlock();
    requestAdoption();
    return future;
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
            if (call.oneway || call.cancelWatcher)
                continue;
            const QFuture<QByteArray> future = call.promise.future();
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
            if (call.deadline && (!next || *call.deadline < *next))
                next = call.deadline;
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

void QBiMuxClientPrivate::fail(QueuedCall &call, const QBiMuxError &error)
{
    // Before the promise ends, so that ending it posts nothing to the watcher.
    call.cancelWatcher.reset();
    call.promise.setException(error);
    call.promise.finish();
}

void QBiMuxClientPrivate::failTooLate(QueuedCall &call)
{
    fail(call,
         QBiMuxError(QBiMux::StatusCode::DeadlineExceeded,
                     QBiMuxClient::tr("no connection to send the call to route %1 within "
                                      "its timeout of %2 ms")
                         .arg(call.route)
                         .arg(call.timeout.count())));
}

void QBiMuxClientPrivate::onQueueTimer()
{
    Q_Q(QBiMuxClient);
    std::vector<QueuedCall> expired;
    {
        QMutexLocker locker(&mutex);
        const Clock::time_point now = Clock::now();
        for (auto it = queue.begin(); it != queue.end();) {
            if (it->second.deadline && *it->second.deadline <= now) {
                expired.push_back(std::move(it->second));
                it = queue.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const QueuedCall &call : expired) {
        if (call.oneway) {
            qCDebug(lcClient) << q << "oneway message to route" << call.route
                              << "dropped: no connection within" << call.timeout.count() << "ms";
        }
    }
    armQueueTimer();
    // Last: the callers' continuations may close or delete the client.
    for (QueuedCall &call : expired) {
        if (call.oneway)
            continue;
        failTooLate(call);
    }
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
            queue.erase(it);
        }
    }
    if (call) {
        qCDebug(lcClient) << q << "queued call to route" << call->route << "cancelled";
        armQueueTimer();
        call->cancelWatcher.reset();
        // The future is already cancelled; finishing it runs its onCanceled() handlers,
        // which may delete the client: last.
        call->promise.finish();
        return;
    }
    // Sent already: cancel the muxer's call, which tells the peer; its end ends ours.
    const auto it = forwarded.find(key);
    if (it != forwarded.end())
        it->second.inner.cancel();
}

bool QBiMuxClientPrivate::flushQueue(QBiMuxer *connectedMuxer)
{
    Q_Q(QBiMuxClient);
    std::map<quint64, QueuedCall> calls;
    {
        // Connected in the same step as the queue is taken: a call made in another thread
        // either is in `calls` or goes to the muxer itself, after these.
        QMutexLocker locker(&mutex);
        calls = std::exchange(queue, {});
        state = QBiMuxClient::State::Connected;
    }
    queueTimer->stop();
    const Clock::time_point now = Clock::now();
    // Everything is sent first, in order. The calls that end here (cancelled, too late, or
    // refused by the muxer at once) end after that: their callers' continuations may close
    // or delete the client.
    std::vector<QueuedCall> cancelled;
    std::vector<QueuedCall> late;
    std::vector<ForwardedCall> refused;
    for (auto &[key, call] : calls) {
        if (call.oneway) {
            if (!call.deadline || *call.deadline > now)
                connectedMuxer->send(call.route, call.data);
            continue;
        }
        if (call.promise.isCanceled()) {
            cancelled.push_back(std::move(call));
            continue;
        }
        std::chrono::milliseconds timeout = call.timeout;
        if (call.deadline) {
            timeout = std::chrono::ceil<std::chrono::milliseconds>(*call.deadline - now);
            if (timeout <= 0ms) {
                late.push_back(std::move(call));
                continue;
            }
        }
        std::optional<ForwardedCall> ended
            = forward(key, connectedMuxer->rpc(call.route, call.data, timeout), std::move(call));
        if (ended)
            refused.push_back(std::move(*ended));
    }
    const QPointer<QBiMuxClient> alive(q);
    for (QueuedCall &call : cancelled) {
        call.cancelWatcher.reset();
        call.promise.finish();
    }
    for (QueuedCall &call : late)
        failTooLate(call);
    for (ForwardedCall &call : refused)
        complete(call);
    return !alive.isNull();
}

std::optional<QBiMuxClientPrivate::ForwardedCall>
QBiMuxClientPrivate::forward(quint64 key, QFuture<QByteArray> inner, QueuedCall &&call)
{
    Q_Q(QBiMuxClient);
    ForwardedCall forwardedCall;
    forwardedCall.promise = std::move(call.promise);
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
