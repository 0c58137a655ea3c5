#ifndef ATTACHEDPROCESS_H
#define ATTACHEDPROCESS_H

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

class InspectorSession;
QT_BEGIN_NAMESPACE
class QTcpSocket;
class QDataStream;
QT_END_NAMESPACE

// One attached process: reads its length-prefixed records (docs/inspector.md, "Attach
// protocol") and turns them into session connections and frames.
class AttachedProcess : public QObject
{
    Q_OBJECT

public:
    AttachedProcess(InspectorSession *session, QTcpSocket *socket, QObject *parent = nullptr);
    ~AttachedProcess() override;

    QString name() const; // "app (pid 42)", once the hello arrived
    qint64 pid() const { return m_pid; }
    // Said hello as a BiMuxQt inspector link.
    bool isGreeted() const { return m_greeted; }

Q_SIGNALS:
    void helloReceived();
    void finished();

private:
    void onReadyRead();
    bool handleRecord(const QByteArray &record);
    int connectionFor(quint64 muxer);
    void closeAll(const QString &reason);
    QString sourceName() const;

    QPointer<InspectorSession> m_session;
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    bool m_greeted = false;
    qint64 m_pid = 0;
    QString m_appName;
    // The muxer's key in the process -> the session's connection key.
    QHash<quint64, int> m_connections;
};

#endif // ATTACHEDPROCESS_H
