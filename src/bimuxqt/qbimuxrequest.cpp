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
        muxer->sendAnswer(request, std::move(frame));
    });
    if (!posted)
        qCDebug(lcMuxer) << "answer to request" << number << "dropped: the muxer is gone";
    return true;
}

QBiMuxRequest::QBiMuxRequest() noexcept = default;

QBiMuxRequest::QBiMuxRequest(QBiMuxRequestPrivate *dd) noexcept
    : d(dd)
{
    if (d)
        d->handles.fetch_add(1, std::memory_order_relaxed);
}

QBiMuxRequest::QBiMuxRequest(const QBiMuxRequest &other) noexcept
    : d(other.d)
{
    if (d)
        d->handles.fetch_add(1, std::memory_order_relaxed);
}

QBiMuxRequest::QBiMuxRequest(QBiMuxRequest &&other) noexcept = default;

QBiMuxRequest &QBiMuxRequest::operator=(const QBiMuxRequest &other) noexcept
{
    QBiMuxRequest copy(other);
    d.swap(copy.d);
    return *this;
}

QBiMuxRequest &QBiMuxRequest::operator=(QBiMuxRequest &&other) noexcept
{
    QBiMuxRequest moved(std::move(other));
    d.swap(moved.d);
    return *this;
}

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

bool QBiMuxRequest::isValid() const noexcept
{
    return d;
}

qint32 QBiMuxRequest::route() const
{
    return d ? d->route : 0;
}

QByteArray QBiMuxRequest::data() const
{
    return d ? d->data : QByteArray();
}

quint64 QBiMuxRequest::number() const
{
    return d ? d->number : 0;
}

QDeadlineTimer QBiMuxRequest::deadline() const
{
    return d ? d->deadline() : QDeadlineTimer(QDeadlineTimer::Forever);
}

QBiMuxer *QBiMuxRequest::muxer() const
{
    return d ? d->link->muxer() : nullptr;
}

bool QBiMuxRequest::isAnswered() const
{
    return d && d->isAnswered();
}

bool QBiMuxRequest::isCancelled() const
{
    return d && d->isCancelled();
}

bool QBiMuxRequest::reply(const QByteArray &data) const
{
    return d && d->answer(data, QBiMux::StatusCode::Ok, QString());
}

/*!
    Answers the request with an error. \a code must not be QBiMux::StatusCode::Ok.
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

void QBiMuxRequest::onCancelled(const QObject *context, std::function<void()> callback) const
{
    if (d)
        d->addCancelCallback(context, std::move(callback));
}
