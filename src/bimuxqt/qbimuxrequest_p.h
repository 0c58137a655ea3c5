#ifndef QBIMUXREQUEST_P_H
#define QBIMUXREQUEST_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxrequest.h"

#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

class QBiMuxLink;

// The state of one incoming request that both its muxer (which must see a cancel from
// the peer) and the request handles (which answer it, from any thread) refer to.
class QBiMuxIncomingCall
{
public:
    QBiMuxIncomingCall(quint64 requestNumber, qint32 requestRoute)
        : number(requestNumber)
        , route(requestRoute)
    { }

    const quint64 number;
    const qint32 route;
    // Set only while the muxer is observed, for the latency of call events.
    std::chrono::steady_clock::time_point startedAt;

    // True for the one caller that may answer.
    bool claimAnswer() { return !m_answered.exchange(true); }
    bool isAnswered() const { return m_answered.load(); }
    bool isCancelled() const { return m_cancelled.load(); }

    void addCancelCallback(const QObject *context, std::function<void()> callback);
    // Marks the call cancelled (the peer said so, or the connection is gone) and runs the
    // callbacks once.
    void cancel();
    void dropCancelCallbacks();

private:
    struct CancelCallback
    {
        QPointer<const QObject> context;
        bool hasContext = false;
        std::function<void()> callback;
    };
    static void run(const CancelCallback &callback);

    std::atomic<bool> m_answered {false};
    std::atomic<bool> m_cancelled {false};
    QMutex m_mutex;
    std::vector<CancelCallback> m_cancelCallbacks;
};

class QBiMuxRequestPrivate : public QSharedData
{
public:
    ~QBiMuxRequestPrivate();

    bool answer(const QByteArray &data, QBiMux::StatusCode code, const QString &message);

    std::shared_ptr<QBiMuxLink> link;
    std::shared_ptr<QBiMuxIncomingCall> call;
    QByteArray data;
    QDeadlineTimer deadline {QDeadlineTimer::Forever};
};

#endif // QBIMUXREQUEST_P_H
