#include "composer.h"

#include "inspectorsession.h"
#include "observertap.h"

#include <QBiMuxer>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfuturewatcher.h>

Composer::Composer(InspectorSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{ }

Composer::~Composer()
{
    // The muxer calls the tap until it is gone.
    delete m_muxer;
}

void Composer::open(const QUrl &url, bool recordTraffic)
{
    close();
    m_muxer = new QBiMuxer(this);
    m_muxer->setId(QStringLiteral("bimux-inspector"));
    if (recordTraffic) {
        if (!m_tap)
            m_tap = std::make_unique<ObserverTap>(m_session, tr("compose"));
        m_muxer->addObserver(m_tap.get());
    }
    connect(m_muxer, &QBiMuxer::connectedChanged, this, &Composer::connectedChanged);
    connect(m_muxer, &QBiMuxer::disconnected, this, [this] { emit connectedChanged(false); });
    m_muxer->open(url);
}

void Composer::close()
{
    if (!m_muxer)
        return;
    QBiMuxer *muxer = std::exchange(m_muxer, nullptr);
    muxer->disconnect(this);
    muxer->close();
    delete muxer;
    emit connectedChanged(false);
}

bool Composer::isConnected() const
{
    return m_muxer && m_muxer->isConnected();
}

bool Composer::send(qint32 route, const QByteArray &payload)
{
    return m_muxer && m_muxer->send(route, payload);
}

int Composer::rpc(qint32 route, const QByteArray &payload, std::chrono::milliseconds timeout)
{
    const int call = m_nextCall++;
    if (!m_muxer) {
        emit failed(call, int(QBiMux::StatusCode::Unavailable), tr("not connected"), 0);
        return call;
    }
    QElapsedTimer timer;
    timer.start();
    QFuture<QByteArray> future = m_muxer->rpc(route, payload, timeout);
    m_pending.insert(call, future);
    emit pendingCallsChanged();
    // A watcher rather than then()/onFailed()/onCanceled(): in Qt 6.4 a cancelled call
    // does not reach onCanceled() through a then(context) continuation.
    auto *watcher = new QFutureWatcher<QByteArray>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, call, timer] {
        watcher->deleteLater();
        forget(call);
        const QFuture<QByteArray> done = watcher->future();
        if (done.isCanceled()) {
            emit failed(call, int(QBiMux::StatusCode::Cancelled), tr("cancelled"), timer.elapsed());
            return;
        }
        try {
            emit replied(call, done.result(), timer.elapsed());
        } catch (const QBiMuxError &error) {
            emit failed(call, int(error.code()), error.message(), timer.elapsed());
        }
    });
    watcher->setFuture(future);
    return call;
}

void Composer::forget(int call)
{
    if (m_pending.remove(call))
        emit pendingCallsChanged();
}

void Composer::cancel(int call)
{
    // Only a future that has not finished: cancelling a finished one that has
    // continuations can crash in Qt 6.4 (docs/reliability.md).
    const QFuture<QByteArray> future = m_pending.value(call);
    if (m_pending.contains(call) && !future.isFinished())
        QFuture<QByteArray>(future).cancel();
}

void Composer::cancelAll()
{
    const QList<int> calls = m_pending.keys();
    for (int call : calls)
        cancel(call);
}
