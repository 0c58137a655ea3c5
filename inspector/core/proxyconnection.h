#ifndef PROXYCONNECTION_H
#define PROXYCONNECTION_H

#include <QBiMuxObserver>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qurl.h>

class InspectorSession;
QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

// One relayed connection: the client's socket (accepted by the proxy) and the socket the
// proxy dials upstream for it. What the client sends before the upstream is open waits.
// When one side closes, the other is closed with the same code and reason.
class ProxyConnection : public QObject
{
    Q_OBJECT

public:
    ProxyConnection(InspectorSession *session, QWebSocket *client, const QUrl &upstream,
                    QObject *parent = nullptr);
    ~ProxyConnection() override;

    int key() const { return m_key; }

Q_SIGNALS:
    // Both sockets are closed; the proxy deletes the connection.
    void finished();

private:
    void relay(QBiMux::Direction direction, const QByteArray &bytes);
    void relayText(QBiMux::Direction direction, const QString &text);
    void record(QBiMux::Direction direction, const QByteArray &bytes);
    void onUpstreamOpen();
    void onSideClosed(QWebSocket *side);

    QPointer<InspectorSession> m_session;
    QWebSocket *m_client;
    QWebSocket *m_upstream;
    int m_key = 0;
    bool m_upstreamOpen = false;
    bool m_closing = false;
    bool m_finished = false;
    QList<QByteArray> m_backlog;
    QList<QString> m_textBacklog;
};

#endif // PROXYCONNECTION_H
