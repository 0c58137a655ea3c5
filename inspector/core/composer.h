#ifndef COMPOSER_H
#define COMPOSER_H

#include <QtCore/qfuture.h>
#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>

#include <chrono>
#include <memory>

class InspectorSession;
class ObserverTap;
class QBiMuxer;

// The inspector as a peer: a QBiMuxer client that dials a URL (a server, or the
// inspector's own proxy) and sends the oneway messages and calls the user composes.
// Its own traffic goes into the session unless it dials the proxy, which records it.
class Composer : public QObject
{
    Q_OBJECT

public:
    explicit Composer(InspectorSession *session, QObject *parent = nullptr);
    ~Composer() override;

    // Dials `url`, hanging up any previous connection. `recordTraffic`: feed the
    // session from this muxer (off when the URL is the proxy's, which records already).
    void open(const QUrl &url, bool recordTraffic = true);
    void close();
    bool isConnected() const;
    QBiMuxer *muxer() const { return m_muxer; }

    bool send(qint32 route, const QByteArray &payload);
    // The answer comes as replied() or failed(), with the number given back here.
    int rpc(qint32 route, const QByteArray &payload, std::chrono::milliseconds timeout);
    // The calls the inspector made that are still in flight; cancelling one tells the
    // peer (a cancel frame) and ends it with failed(call, Cancelled, ...).
    QList<int> pendingCalls() const { return m_pending.keys(); }
    void cancel(int call);
    void cancelAll();

Q_SIGNALS:
    void connectedChanged(bool connected);
    void replied(int call, const QByteArray &reply, qint64 elapsedMs);
    void failed(int call, int code, const QString &message, qint64 elapsedMs);
    void pendingCallsChanged();

private:
    void forget(int call);

    InspectorSession *m_session;
    QBiMuxer *m_muxer = nullptr;
    std::unique_ptr<ObserverTap> m_tap;
    int m_nextCall = 1;
    QHash<int, QFuture<QByteArray>> m_pending;
};

#endif // COMPOSER_H
