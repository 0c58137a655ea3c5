// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxrequest.h"
#include "qbimuxrequest_p.h"

#include "qbimuxer_p.h"
#include "qbimuxlogging_p.h"

#include <QtCore/qcoreapplication.h>

/*!
    \class QBiMuxRequest
    \brief A handle on one incoming request, to answer it now or later, from any thread.

    QBiMuxer gives one to each request handler and with each requestReceived() signal.
    The handle is cheap to copy; all copies refer to the same request. The first reply()
    or fail() answers; later ones return false, as do those after the request was
    cancelled (by the caller, or because the connection is gone), which send nothing. If the last copy is destroyed before
    anybody answered, the request is answered with QBiMux::StatusCode::Internal, so that
    the caller does not wait for its timeout because a reply was forgotten.
*/

void QBiMuxRequestPrivate::addCancelCallback(const QObject *context, std::function<void()> callback)
{
    // The relay is connected now, while the caller vouches for the context being alive.
    CancelCallback entry {context ? std::make_shared<QBiMuxContextRelay>(context) : nullptr,
                          std::move(callback)};
    {
        QMutexLocker locker(&m_mutex);
        // Before m_answered is read: an answer() that then does not see this flag set has
        // not set m_answered yet either, so the callback is not kept (both are seq_cst).
        m_hadCancelCallbacks.store(true);
        if (!m_cancelled.load()) {
            if (!m_answered.load())
                m_cancelCallbacks.push_back(std::move(entry));
            return;
        }
    }
    run(entry);
}

void QBiMuxRequestPrivate::cancel()
{
    std::vector<CancelCallback> callbacks;
    {
        QMutexLocker locker(&m_mutex);
        if (m_cancelled.exchange(true))
            return;
        if (!m_answered.load())
            callbacks = std::move(m_cancelCallbacks);
        m_cancelCallbacks.clear();
    }
    for (const CancelCallback &callback : callbacks)
        run(callback);
}

void QBiMuxRequestPrivate::dropCancelCallbacks()
{
    // Called after m_answered is set: see addCancelCallback().
    if (!m_hadCancelCallbacks.load())
        return;
    // The callbacks may hold the last reference to a future whose continuation holds a
    // request handle: dropping them outside the lock breaks that cycle safely.
    std::vector<CancelCallback> callbacks;
    QMutexLocker locker(&m_mutex);
    callbacks.swap(m_cancelCallbacks);
    locker.unlock();
}

void QBiMuxRequestPrivate::run(const CancelCallback &callback)
{
    if (callback.relay)
        callback.relay->run(callback.callback);
    else
        callback.callback();
}

bool QBiMuxRequestPrivate::answer(const QByteArray &replyData, QBiMux::StatusCode code,
                                  const QString &message)
{
    // Nobody waits for the answer to a cancelled request: it would be dropped unsent.
    if (isCancelled() || !claimAnswer())
        return false;
    dropCancelCallbacks();
    QBiMuxFrame frame;
    frame.number = number;
    frame.flag = QBiMuxFrame::Flag::Response;
    frame.route = route;
    frame.data = replyData;
    frame.errorCode = code;
    frame.errorMessage = message;
    const bool posted = link->post([request = QBiMuxRequestRef(this),
                                    frame = std::move(frame)](QBiMuxerPrivate *muxer) mutable {
        muxer->incoming.sendAnswer(request, std::move(frame));
    });
    if (!posted)
        qCDebug(lcMuxer) << "answer to request" << number << "dropped: the muxer is gone";
    return true;
}

/*!
    Constructs an invalid handle, which refers to no request: isValid() is false, reply()
    and fail() return false.
*/
QBiMuxRequest::QBiMuxRequest() noexcept = default;

QBiMuxRequest::QBiMuxRequest(QBiMuxRequestPrivate *dd) noexcept
    : d(dd)
{
    if (d)
        d->handles.fetch_add(1, std::memory_order_relaxed);
}

/*!
    Constructs a handle on the same request as \a other. Any copy may answer it, from any
    thread.
*/
QBiMuxRequest::QBiMuxRequest(const QBiMuxRequest &other) noexcept
    : d(other.d)
{
    if (d)
        d->handles.fetch_add(1, std::memory_order_relaxed);
}

/*!
    Move-constructs a handle from \a other, which becomes invalid.
*/
QBiMuxRequest::QBiMuxRequest(QBiMuxRequest &&other) noexcept = default;

/*!
    Makes this a handle on \a other's request and returns a reference to it. The request
    this handle referred to before is released as by the destructor.
*/
QBiMuxRequest &QBiMuxRequest::operator=(const QBiMuxRequest &other) noexcept
{
    QBiMuxRequest copy(other);
    d.swap(copy.d);
    return *this;
}

/*!
    Move-assigns \a other to this handle and returns a reference to it. The request this
    handle referred to before is released as by the destructor.
*/
QBiMuxRequest &QBiMuxRequest::operator=(QBiMuxRequest &&other) noexcept
{
    QBiMuxRequest moved(std::move(other));
    d.swap(moved.d);
    return *this;
}

/*!
    Destroys the handle. If it was the last one and nobody answered, the request is
    answered with QBiMux::StatusCode::Internal ("the request was dropped without an
    answer"), so that the caller does not wait for its timeout. Keep a copy to answer
    later.
*/
QBiMuxRequest::~QBiMuxRequest()
{
    // The last handle gone and no answer: answer for the handler that forgot, so that the
    // caller does not wait for its timeout.
    if (d && d->handles.fetch_sub(1, std::memory_order_acq_rel) == 1 && !d->isAnswered()) {
        d->answer(
            QByteArray(), QBiMux::StatusCode::Internal,
            QCoreApplication::translate("QBiMuxer", "the request was dropped without an answer"));
    }
}

/*!
    Returns true if the handle refers to a request (it was not default-constructed or
    moved from).
*/
bool QBiMuxRequest::isValid() const noexcept
{
    return d;
}

/*!
    Returns the route the caller called.
*/
qint32 QBiMuxRequest::route() const
{
    return d ? d->route : 0;
}

/*!
    Returns the request's payload.
*/
QByteArray QBiMuxRequest::data() const
{
    return d ? d->data : QByteArray();
}

/*!
    Returns the request's number on its connection, as in the frame (docs/protocol.md): it
    tells the requests of one connection apart while they are in progress, e.g. in logs.
*/
quint64 QBiMuxRequest::number() const
{
    return d ? d->number : 0;
}

/*!
    Returns when the caller stops waiting, from the timeout it sent with the request:
    work past it is wasted, so a handler may give up or hand a shorter deadline to the
    calls it makes itself. QDeadlineTimer::Forever if the caller sent none (a plain bimux
    peer never does).
*/
QDeadlineTimer QBiMuxRequest::deadline() const
{
    return d ? d->deadline() : QDeadlineTimer(QDeadlineTimer::Forever);
}

/*!
    Returns the metadata the caller sent with the request (QBiMuxCallOptions::metadata());
    empty if it sent none, as a plain bimux peer never does.
*/
QBiMuxMetadata QBiMuxRequest::metadata() const
{
    return d ? d->metadata : QBiMuxMetadata();
}

/*!
    Returns the muxer the request arrived on, to tell callers apart in a server-wide
    handler (its id()) or to call back, or nullptr once that muxer is destroyed. Use the
    pointer in the muxer's thread; in another thread it may be destroyed meanwhile.
*/
QBiMuxer *QBiMuxRequest::muxer() const
{
    return d ? d->link->muxer() : nullptr;
}

/*!
    Returns what the QBiMuxServer's authenticator admitted the caller as
    (QBiMuxAdmission::admit(), QBiMuxer::peerIdentity()): the user or device a handler
    acts for. Unlike muxer(), it may be called from any thread, also after the muxer is
    gone. Null for a request that did not come through such a server.
*/
QVariant QBiMuxRequest::peerIdentity() const
{
    return d ? d->link->peerIdentity() : QVariant();
}

/*!
    Returns true once reply() or fail() answered the request (or the library did, e.g. for
    a handler that threw). Thread-safe.
*/
bool QBiMuxRequest::isAnswered() const
{
    return d && d->isAnswered();
}

/*!
    Returns true once the caller gave up on the request (its cancel or its timeout), or
    the connection is gone; an answer is then not sent. Thread-safe.
*/
bool QBiMuxRequest::isCancelled() const
{
    return d && d->isCancelled();
}

/*!
    Answers the request with \a data. Returns true if this answered it; false, and sends
    nothing, if it was answered before, cancelled (by the caller, or because the
    connection is gone), or the handle is invalid. Thread-safe: from another thread the
    answer is handed to the connection's thread.
*/
bool QBiMuxRequest::reply(const QByteArray &data) const
{
    return d && d->answer(data, QBiMux::StatusCode::Ok, QString());
}

/*!
    Answers the request with the error \a code and \a message, which the caller's
    QBiMuxError carries (with origin Remote). \a code should not be
    QBiMux::StatusCode::Ok: that is answered as Unknown, with a warning. Returns true if
    this answered the request; false if it was answered before, cancelled, or the handle
    is invalid. Thread-safe: from another thread the answer is handed to the
    connection's thread.
*/
bool QBiMuxRequest::fail(QBiMux::StatusCode code, const QString &message) const
{
    if (!d)
        return false;
    if (code == QBiMux::StatusCode::Ok) {
        qCWarning(lcMuxer) << "QBiMuxRequest::fail() with StatusCode::Ok; answering Unknown";
        code = QBiMux::StatusCode::Unknown;
    }
    return d->answer(QByteArray(), code, message);
}

/*!
    Answers the request with \a future's result once it finishes: a result is the reply;
    a QBiMuxError answers with its code and message, any other exception with Internal, a
    cancelled future with Cancelled. If the caller cancels the request first, the future
    is cancelled. This is what a handler that returns a QFuture<QByteArray> does.
*/
void QBiMuxRequest::reply(const QFuture<QByteArray> &future) const
{
    if (!d)
        return;
    const QBiMuxRequest request = *this;
    QFuture<QByteArray> work = future;
    // The peer's cancel cancels the work; the callback is dropped once answered.
    onCancelled(nullptr, [work]() mutable { work.cancel(); });
    work.then(QtFuture::Launch::Sync,
              [request](QFuture<QByteArray> finished) {
                  try {
                      request.reply(finished.result());
                  } catch (const QBiMuxError &error) {
                      request.fail(error.code(), error.message());
                  } catch (const std::exception &error) {
                      request.fail(QBiMux::StatusCode::Internal,
                                   QString::fromLocal8Bit(error.what()));
                  } catch (...) {
                      request.fail(QBiMux::StatusCode::Internal,
                                   QCoreApplication::translate("QBiMuxer", "the handler failed"));
                  }
              })
        .onCanceled([request] {
            request.fail(QBiMux::StatusCode::Cancelled,
                         QCoreApplication::translate("QBiMuxer", "the handler was cancelled"));
        });
}

/*!
    Runs \a callback in \a context's thread (the connection's if \a context is null) once
    the caller cancels the request or its timeout passes, or the connection is lost; at
    once if that happened already. Not run once the request is answered, nor if
    \a context is destroyed first. Use it to stop work nobody waits for.
*/
void QBiMuxRequest::onCancelled(const QObject *context, std::function<void()> callback) const
{
    if (d)
        d->addCancelCallback(context, std::move(callback));
}
