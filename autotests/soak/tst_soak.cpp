// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "faultyproxy.h"

#include <QBiMuxClient>
#include <QBiMuxObserver>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfile.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>
#include <QtCore/qrandom.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

using namespace std::chrono_literals;

// Soak and chaos: a QBiMuxServer with two worker threads and many peers (reconnecting
// QBiMuxClients, some behind FaultyProxies, and plain QBiMuxers) call each other both ways
// for about a minute (BIMUXQT_SOAK_SECONDS to change it, BIMUXQT_SOAK_SEED to replay a
// run) with random payloads, handler delays, dropped requests, cancels, short timeouts,
// unknown routes, small limits, and disconnects of every kind. Then everything is closed,
// and the test checks that every call ended exactly once with its own answer or an
// expected error, that every muxer is gone, and that memory stayed flat.
//
// BIMUXQT_SOAK_BREAK=hold|tag breaks the test's own handler on purpose (holds one request
// forever / answers one call with a wrong tag) to show that the checks catch it.

namespace {

constexpr qint32 RouteWork = 1; // served by the server (worker threads) and by every peer
constexpr qint32 RouteOneway = 2; // oneway messages, both directions
constexpr qint32 RouteUnknown = 77; // nobody serves it: Unimplemented
constexpr quint32 Magic = 0x4b414f53; // "SOAK"
constexpr qint64 MaxMessage = 2 * 1024 * 1024;

enum class Action : quint32 { ReplyNow, ReplyLater, DropLater };

struct Header
{
    quint32 magic;
    quint32 action;
    quint64 tag;
    quint32 delayMs;
    quint32 replySize;
    quint32 checksum; // of the body after the header
};

quint32 fnv1a(const char *data, qsizetype size)
{
    quint32 h = 2166136261u;
    for (qsizetype i = 0; i < size; ++i)
        h = (h ^ quint8(data[i])) * 16777619u;
    return h;
}

// A request: header, then `size` random bytes. The reply echoes the tag and the body's
// checksum, followed by replySize bytes of the tag's low byte.
QByteArray makeRequest(QRandomGenerator &rng, quint64 tag, Action action, quint32 delayMs,
                       quint32 replySize, qsizetype size)
{
    QByteArray data(qsizetype(sizeof(Header)) + size, Qt::Uninitialized);
    char *body = data.data() + sizeof(Header);
    // Random words for the first KiB, a cheap pattern after it: the checksum covers all.
    const qsizetype words = std::min<qsizetype>(size, 1024) / 4;
    if (words > 0)
        rng.fillRange(reinterpret_cast<quint32 *>(body), words);
    for (qsizetype i = words * 4; i < size; ++i)
        body[i] = char(i * 31 + tag);
    Header h {Magic, quint32(action), tag, delayMs, replySize, fnv1a(body, size)};
    std::memcpy(data.data(), &h, sizeof h);
    return data;
}

QByteArray makeReply(const Header &h)
{
    QByteArray reply(12 + qsizetype(h.replySize), char(h.tag & 0xff));
    std::memcpy(reply.data(), &h.tag, 8);
    std::memcpy(reply.data() + 8, &h.checksum, 4);
    return reply;
}

qint64 rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

QString codeName(QBiMux::StatusCode code)
{
    return QString::fromLatin1(QMetaEnum::fromType<QBiMux::StatusCode>().valueToKey(int(code)));
}

// What every caller records: each call by its tag, how it ended, and what went wrong.
class Ledger
{
public:
    struct Call
    {
        Action action;
        qint32 route;
        qsizetype requestSize;
        quint32 checksum;
        quint32 replySize;
        const void *caller;
        qint64 timeoutMs;
        bool fromServer;
        qint64 startedMs;
    };

    quint64 begin(const void *caller, Action action, qint32 route, quint32 replySize,
                  qint64 timeoutMs, bool fromServer)
    {
        QMutexLocker locker(&m_mutex);
        const quint64 tag = ++m_nextTag;
        m_calls.emplace(tag,
                        Call {action, route, 0, 0, replySize, caller, timeoutMs, fromServer,
                              m_clock.elapsed()});
        m_ended.push_back(false);
        ++m_outstanding[caller];
        ++made;
        return tag;
    }
    void setRequest(quint64 tag, const QByteArray &request)
    {
        Header h;
        std::memcpy(&h, request.constData(), sizeof h);
        QMutexLocker locker(&m_mutex);
        Call &call = m_calls.at(tag);
        call.requestSize = request.size();
        call.checksum = h.checksum;
    }
    int outstanding(const void *caller)
    {
        QMutexLocker locker(&m_mutex);
        return m_outstanding.value(caller);
    }
    qint64 unfinished()
    {
        QMutexLocker locker(&m_mutex);
        return qint64(m_calls.size());
    }

    // The continuation of every call: a result, a failure or (onCanceled) a cancel.
    void finished(quint64 tag, QFuture<QByteArray> future)
    {
        QByteArray result;
        bool ok = false;
        QBiMux::StatusCode code = QBiMux::StatusCode::Ok;
        QString message;
        try {
            result = future.result();
            ok = true;
        } catch (const QBiMuxError &error) {
            code = error.code();
            message = error.message();
        } catch (...) {
            code = QBiMux::StatusCode::Unknown;
            message = QStringLiteral("not a QBiMuxError");
        }
        QMutexLocker locker(&m_mutex);
        std::optional<Call> ended = ending(tag);
        if (!ended)
            return;
        const Call *call = &*ended;
        if (ok) {
            ++answered;
            checkReply(tag, *call, result);
        } else {
            ++failed[code];
            bool expected = false;
            switch (code) {
            case QBiMux::StatusCode::Unavailable:
            case QBiMux::StatusCode::DeadlineExceeded:
            case QBiMux::StatusCode::Cancelled:
            case QBiMux::StatusCode::ResourceExhausted:
                expected = true;
                break;
            case QBiMux::StatusCode::Unimplemented:
                expected = call->route == RouteUnknown;
                break;
            case QBiMux::StatusCode::Internal: // the handler dropped the request
                expected = call->action == Action::DropLater;
                break;
            default:
                break;
            }
            if (!expected) {
                violation(QStringLiteral("call %1 (route %2, action %3) failed with %4: %5")
                              .arg(tag)
                              .arg(call->route)
                              .arg(int(call->action))
                              .arg(codeName(code), message));
            }
        }
    }
    void cancelled(quint64 tag)
    {
        QMutexLocker locker(&m_mutex);
        if (ending(tag))
            ++cancelledCount;
    }

    void violation(const QString &what)
    {
        ++violationCount;
        if (violations.size() < 20)
            violations.append(what);
    }
    QStringList finalCheck()
    {
        QMutexLocker locker(&m_mutex);
        for (const QString &call : describeUnfinished())
            violation(call);
        return violations;
    }
    QStringList describeUnfinished()
    {
        QStringList calls;
        for (const auto &[tag, call] : m_calls) {
            if (calls.size() == 10)
                break;
            calls.append(QStringLiteral("call %1 never ended: from %2 %3, route %4, action %5, "
                                        "%6 bytes, timeout %7 ms, started %8 ms ago")
                             .arg(tag)
                             .arg(QLatin1String(call.fromServer ? "server" : "peer"))
                             .arg(quintptr(call.caller), 0, 16)
                             .arg(call.route)
                             .arg(int(call.action))
                             .arg(call.requestSize)
                             .arg(call.timeoutMs)
                             .arg(m_clock.elapsed() - call.startedMs));
        }
        return calls;
    }
    QString failedSummary()
    {
        QMutexLocker locker(&m_mutex);
        QStringList parts;
        for (const auto &[code, count] : failed)
            parts.append(QStringLiteral("%1=%2").arg(codeName(code)).arg(count));
        return parts.join(QLatin1Char(','));
    }

    QMutex m_mutex;
    qint64 made = 0;
    qint64 answered = 0;
    qint64 cancelledCount = 0;
    qint64 violationCount = 0;
    std::map<QBiMux::StatusCode, qint64> failed;
    QStringList violations;

private:
    // Takes the call out of those in flight; a second ending finds only its bit.
    std::optional<Call> ending(quint64 tag)
    {
        auto it = m_calls.find(tag);
        if (it == m_calls.end()) {
            violation(tag > 0 && tag <= m_ended.size() && m_ended[tag - 1]
                          ? QStringLiteral("call %1 ended twice").arg(tag)
                          : QStringLiteral("an ending for unknown call %1").arg(tag));
            return std::nullopt;
        }
        std::optional<Call> call(std::move(it->second));
        m_calls.erase(it);
        m_ended[tag - 1] = true;
        if (--m_outstanding[call->caller] == 0)
            m_outstanding.remove(call->caller);
        return call;
    }
    void checkReply(quint64 tag, const Call &call, const QByteArray &reply)
    {
        quint64 echoedTag = 0;
        quint32 echoedChecksum = 0;
        if (reply.size() >= 12) {
            std::memcpy(&echoedTag, reply.constData(), 8);
            std::memcpy(&echoedChecksum, reply.constData() + 8, 4);
        }
        const bool fill = reply.size() == 12 + qsizetype(call.replySize)
            && (call.replySize == 0
                || (reply.at(12) == char(tag & 0xff) && reply.back() == char(tag & 0xff)));
        if (echoedTag != tag || echoedChecksum != call.checksum || !fill) {
            violation(QStringLiteral("call %1 got a reply of %2 bytes for call %3 (checksum %4, "
                                     "expected %5)")
                          .arg(tag)
                          .arg(reply.size())
                          .arg(echoedTag)
                          .arg(echoedChecksum)
                          .arg(call.checksum));
        }
        if (call.action == Action::DropLater || call.route == RouteUnknown)
            violation(QStringLiteral("call %1 was answered but never should be").arg(tag));
    }

    quint64 m_nextTag = 0;
    QElapsedTimer m_clock = [] {
        QElapsedTimer clock;
        clock.start();
        return clock;
    }();
    std::unordered_map<quint64, Call> m_calls; // in flight
    std::vector<bool> m_ended; // by tag - 1
    QHash<const void *, int> m_outstanding;
};

// Sees every muxer's frames and calls: counts frames, and checks that each outgoing call
// it saw start ends once, and no call ends that never started.
class CallObserver : public QBiMuxObserver
{
public:
    void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &) override { ++frames; }
    void callEvent(QBiMuxer *muxer, const QBiMuxCallInfo &call) override
    {
        if (call.direction != QBiMux::Direction::Outgoing)
            return;
        QMutexLocker locker(&mutex);
        int &state = calls[muxer][call.number];
        if (call.event == QBiMux::CallEvent::Started) {
            if (state != 0)
                problem(QStringLiteral("call %1 started twice").arg(call.number));
            state = 1;
        } else {
            if (state != 1) {
                problem(QStringLiteral("call %1 of route %2 ended (%3) %4")
                            .arg(call.number)
                            .arg(call.route)
                            .arg(int(call.event))
                            .arg(QLatin1String(state == 0 ? "without starting" : "twice")));
            }
            state = 2;
        }
    }
    // A muxer's calls are all over once it is destroyed.
    void muxerDestroyed(QObject *muxer)
    {
        QMutexLocker locker(&mutex);
        auto it = calls.find(muxer);
        if (it == calls.end())
            return;
        for (auto call = it->second.cbegin(); call != it->second.cend(); ++call) {
            if (call->second == 1)
                problem(QStringLiteral("call %1 never ended for the observer").arg(call->first));
        }
        calls.erase(it);
    }
    void problem(const QString &what)
    {
        ++problemCount;
        if (problems.size() < 20)
            problems.append(what);
    }

    std::atomic<qint64> frames {0};
    QMutex mutex;
    std::map<const void *, std::map<quint64, int>> calls;
    QStringList problems;
    qint64 problemCount = 0;
};

} // namespace

class tst_Soak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void soak();
};

// Everything one soak run holds. Lives in the test's thread; the server's connections
// live in its two workers and run their own load from there.
class Soak : public QObject
{
public:
    struct PlainPeer
    {
        QPointer<QBiMuxer> muxer;
        QString id;
        bool limited = false;
    };

    explicit Soak(quint32 seed)
        : rng(seed)
        , seed(seed)
        , breakMode(qgetenv("BIMUXQT_SOAK_BREAK"))
    {
        tick.setInterval(10);
        connect(&tick, &QTimer::timeout, this, [this] { onTick(); });
        chaos.setInterval(150);
        connect(&chaos, &QTimer::timeout, this, [this] { onChaos(); });
    }

    // Also when a check failed half-way: peers, then the server and its workers, go
    // before what their handlers and observers use.
    ~Soak() override
    {
        loadOn = false;
        tick.stop();
        chaos.stop();
        clients.clear();
        for (const PlainPeer &peer : plain)
            delete peer.muxer.data();
        if (server)
            server->removeObserver(&observer);
        server.reset(); // joins the workers
        QMutexLocker locker(&heldMutex);
        held.clear();
    }

    // Counts a live QBiMuxer until it is destroyed, once, in its own thread.
    void track(QBiMuxer *muxer)
    {
        if (!muxer || muxer->property("soakTracked").toBool())
            return;
        muxer->setProperty("soakTracked", true);
        ++liveMuxers;
        ++muxersCreated;
        QObject::connect(
            muxer, &QObject::destroyed, this,
            [this](QObject *object) {
                observer.muxerDestroyed(object);
                --liveMuxers;
            },
            Qt::DirectConnection);
    }

    // The handler every side runs for RouteWork, in the thread of the muxer it serves.
    void serve(const QBiMuxRequest &request)
    {
        ++served;
        const QByteArray data = request.data();
        Header h;
        if (data.size() < qsizetype(sizeof h)) {
            request.fail(QBiMux::StatusCode::DataLoss, QStringLiteral("short request"));
            return;
        }
        std::memcpy(&h, data.constData(), sizeof h);
        if (h.magic != Magic
            || fnv1a(data.constData() + sizeof h, data.size() - qsizetype(sizeof h))
                != h.checksum) {
            request.fail(QBiMux::StatusCode::DataLoss, QStringLiteral("corrupt request"));
            return;
        }
        QByteArray reply = makeReply(h);
        if (breakMode == "hold" && Action(h.action) == Action::ReplyNow
            && request.deadline().isForever()) {
            // Neither answered nor let go, while the caller waits without a timeout.
            QMutexLocker locker(&heldMutex);
            held.append(request);
            return;
        }
        if (breakMode == "tag" && Action(h.action) == Action::ReplyNow
            && !brokenOnce.exchange(true)) {
            reply[0] = char(reply[0] ^ 1); // answers with another call's tag
        }
        QBiMuxer *muxer = request.muxer();
        switch (Action(h.action)) {
        case Action::ReplyNow:
            request.reply(reply);
            break;
        case Action::ReplyLater:
            if (muxer) {
                QTimer::singleShot(std::chrono::milliseconds(h.delayMs), muxer,
                                   [request, reply] { request.reply(reply); });
            }
            break;
        case Action::DropLater: // never answered: the last copy going away answers it
            if (muxer)
                QTimer::singleShot(std::chrono::milliseconds(h.delayMs), muxer, [request] {});
            break;
        }
    }

    // One call from `caller` (a QBiMuxClient or a QBiMuxer), ended into the ledger. Runs in
    // the caller's thread; `context` lives there too (the cancel timer's context).
    template<typename Caller> void call(Caller *caller, QObject *context, QRandomGenerator &r)
    {
        const int kind = r.bounded(100);
        const qint32 route = kind < 4 ? RouteUnknown : RouteWork;
        const int a = r.bounded(100);
        const Action action = a < 50 ? Action::ReplyNow
            : a < 90                 ? Action::ReplyLater
                                     : Action::DropLater;
        const quint32 delayMs = r.bounded(a < 80 ? 300 : 1500);
        const int sizeKind = r.bounded(1000);
        const qsizetype size = sizeKind < 600 ? r.bounded(1024)
            : sizeKind < 990                  ? r.bounded(64 * 1024 + 1)
            : sizeKind < 998                  ? 1024 * 1024 - r.bounded(4096)
                                              : MaxMessage + 1024; // too large: refused
        const quint32 replySize = r.bounded(10) < 8 ? r.bounded(1024) : r.bounded(64 * 1024);
        const int t = r.bounded(100);
        const std::chrono::milliseconds timeout = t < 10 ? 50ms
            : t < 25                                     ? 250ms
            : t < 55                                     ? 1000ms
            : t < 90                                     ? 5000ms
                                                         : 0ms; // as long as the link lives

        const quint64 tag
            = ledger.begin(caller, action, route, replySize, timeout.count(),
                           std::is_same_v<Caller, QBiMuxer> && caller->thread() != thread());
        const QByteArray request = makeRequest(r, tag, action, delayMs, replySize, size);
        ledger.setRequest(tag, request);
        QFuture<QByteArray> future
            = caller->rpc(route, request, QBiMuxCallOptions().setTimeout(timeout));
        future.then([this, tag](QFuture<QByteArray> f) { ledger.finished(tag, f); })
            .onCanceled([this, tag] { ledger.cancelled(tag); });
        if (r.bounded(100) < 8) {
            // Only while it runs: in Qt 6.4, once the muxer destroyed the call's QPromise,
            // cancel() of the finished future walks d->continuationData into the freed
            // data of our continuation's future (~QPromise -> cleanContinuation(); a Qt
            // use-after-free, shown by valgrind). The future ends in this thread, the
            // caller's, so the check does not race.
            QTimer::singleShot(std::chrono::milliseconds(r.bounded(400)), context,
                               [future]() mutable {
                                   if (!future.isFinished())
                                       future.cancel();
                               });
        }
        if (r.bounded(100) < 10) {
            ++onewaysSent;
            caller->send(RouteOneway, QByteArray(r.bounded(4096), 'o'));
        }
    }

    // In a worker thread, once per accepted connection: the server's own load on it.
    void adopt(QBiMuxer *muxer, quint32 peerSeed)
    {
        track(muxer);
        if (muxer->id().endsWith(QLatin1String("-L")))
            muxer->setSettings(muxer->settings().setMaxConcurrentRequests(
                2)); // busy answers for this peer's calls
        auto *timer = new QTimer(muxer);
        auto r = std::make_shared<QRandomGenerator>(peerSeed);
        timer->setInterval(100);
        QObject::connect(timer, &QTimer::timeout, muxer, [this, muxer, r] {
            // What the test thread reads to see that nothing is left pending.
            {
                QMutexLocker locker(&pendingMutex);
                serverPending[muxer] = muxer->pendingCallCount() + muxer->pendingRequestCount();
            }
            int wanted = serverClosesWanted.load();
            while (wanted > 0 && !serverClosesWanted.compare_exchange_weak(wanted, wanted - 1)) { }
            if (wanted > 0) {
                ++disconnectsInjected;
                ++serverCloses;
                muxer->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("chaos"));
                return;
            }
            if (!loadOn.load() || !muxer->isConnected())
                return;
            // Found by its id as any server would; only this connection's own thread uses it.
            if (server->connection(muxer->id()) != muxer)
                return;
            if (ledger.outstanding(muxer) < 6 && serverCallsLeft.fetch_sub(1) > 0)
                call(muxer, muxer, *r);
        });
        QObject::connect(
            muxer, &QObject::destroyed, this,
            [this, muxer] {
                QMutexLocker locker(&pendingMutex);
                serverPending.remove(muxer);
            },
            Qt::DirectConnection);
        timer->start();
    }

    void setUp(int clientCount, int proxiedCount, int plainCount)
    {
        server = std::make_unique<QBiMuxServer>();
        server->setWorkerThreadCount(2);
        server->setSettings(server->settings().setMaxMessageSize(MaxMessage));
        server->setSettings(server->settings().setHeartbeat(300ms, 1500ms));
        server->setHandshakeTimeout(5s);
        server->setRequestHandler(RouteWork, nullptr,
                                  [this](const QBiMuxRequest &request) { serve(request); });
        server->setMessageHandler(RouteOneway, nullptr,
                                  [this](const QByteArray &) { ++onewaysReceived; });
        server->addObserver(&observer);
        QObject::connect(
            server.get(), &QBiMuxServer::newConnection, server.get(),
            [this](QBiMuxer *muxer) { adopt(muxer, seed + quint32(++accepted) * 7919u); },
            Qt::DirectConnection);
        QObject::connect(
            server.get(), &QBiMuxServer::connectionClosed, server.get(),
            [this] { ++serverSideClosed; }, Qt::DirectConnection);
        QVERIFY(server->listen(QHostAddress::LocalHost));

        for (int i = 0; i < 4; ++i) {
            proxies.push_back(std::make_unique<FaultyProxy>());
            QVERIFY(proxies.back()->listen(server->serverPort()));
        }
        for (int i = 0; i < clientCount; ++i) {
            auto client = std::make_unique<QBiMuxClient>();
            const bool proxied = i < proxiedCount;
            client->setId(
                QStringLiteral("client-%1%2").arg(i).arg(QLatin1String(i % 7 == 3 ? "-L" : "")));
            client->setInitialReconnectDelay(50ms);
            client->setMaxReconnectDelay(500ms);
            client->setSettings(client->settings().setMaxMessageSize(MaxMessage));
            client->setMaxQueuedCalls(64);
            if (proxied)
                client->setSettings(client->settings().setHeartbeat(300ms, 1500ms));
            client->addObserver(&observer);
            QBiMuxClient *c = client.get();
            c->setRequestHandler(RouteWork, c,
                                 [this](const QBiMuxRequest &request) { serve(request); });
            c->setMessageHandler(RouteOneway, c, [this](const QByteArray &) { ++onewaysReceived; });
            connect(c, &QBiMuxClient::stateChanged, this, [this, c](QBiMuxClient::State state) {
                if (state == QBiMuxClient::State::Connecting)
                    track(c->currentMuxer());
            });
            connect(c, &QBiMuxClient::connected, this, [this, c] {
                ++connects;
                if (c->id().endsWith(QLatin1String("-L")) && c->currentMuxer())
                    c->currentMuxer()->setSettings(
                        c->currentMuxer()->settings().setMaxConcurrentRequests(2));
            });
            c->open(proxied ? proxies.at(i % proxies.size())->url() : server->serverUrl());
            clients.push_back(std::move(client));
        }
        for (int i = 0; i < plainCount; ++i) {
            plain.push_back(PlainPeer {nullptr, QStringLiteral("plain-%1").arg(i), i % 5 == 1});
            openPlain(plain.back());
        }
    }

    void openPlain(PlainPeer &peer)
    {
        auto *muxer = new QBiMuxer(this);
        track(muxer);
        peer.muxer = muxer;
        muxer->setId(peer.id);
        muxer->setSettings(muxer->settings().setMaxMessageSize(MaxMessage));
        if (peer.limited)
            muxer->setSettings(muxer->settings().setMaxConcurrentRequests(2));
        muxer->addObserver(&observer);
        muxer->setRequestHandler(RouteWork, muxer,
                                 [this](const QBiMuxRequest &request) { serve(request); });
        muxer->setMessageHandler(RouteOneway, muxer,
                                 [this](const QByteArray &) { ++onewaysReceived; });
        connect(muxer, &QBiMuxer::connected, this, [this] { ++connects; });
        // A plain muxer is not reused: it goes, and a new one dials (unless winding down).
        const QString id = peer.id;
        connect(muxer, &QBiMuxer::disconnected, this, [this, muxer, id] {
            muxer->deleteLater();
            if (!loadOn.load())
                return;
            QTimer::singleShot(std::chrono::milliseconds(50 + rng.bounded(300)), this, [this, id] {
                for (PlainPeer &p : plain) {
                    if (p.id == id && !p.muxer && loadOn.load())
                        openPlain(p);
                }
            });
        });
        muxer->open(server->serverUrl());
    }

    void onTick()
    {
        if (!loadOn.load())
            return;
        for (int i = 0; i < 6 && callsLeft > 0; ++i, --callsLeft) {
            const int which = rng.bounded(int(clients.size() + plain.size()));
            if (which < int(clients.size())) {
                QBiMuxClient *c = clients.at(which).get();
                if (c->state() != QBiMuxClient::State::Closed && ledger.outstanding(c) < 12)
                    call(c, c, rng);
            } else {
                QBiMuxer *m = plain.at(which - clients.size()).muxer;
                if (m && m->isConnected() && ledger.outstanding(m) < 12)
                    call(m, m, rng);
            }
        }
    }

    void onChaos()
    {
        if (!loadOn.load() || chaosLeft <= 0)
            return;
        --chaosLeft;
        const int what = rng.bounded(100);
        if (what < 20) { // a client hangs up, and dials again a little later
            QBiMuxClient *c = clients.at(rng.bounded(int(clients.size()))).get();
            if (c->state() == QBiMuxClient::State::Closed)
                return;
            ++disconnectsInjected;
            c->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("chaos"));
            const QUrl url = c->url();
            QTimer::singleShot(std::chrono::milliseconds(100 + rng.bounded(400)), c,
                               [c, url] { c->open(url); });
        } else if (what < 35) { // a plain muxer hangs up
            QBiMuxer *m = plain.at(rng.bounded(int(plain.size()))).muxer;
            if (m && m->isConnected()) {
                ++disconnectsInjected;
                m->close();
            }
        } else if (what < 55) { // the server closes a connection
            ++serverClosesWanted;
        } else if (what < 75) { // a proxy drops all its connections without a close frame
            ++disconnectsInjected;
            ++cuts;
            proxies.at(rng.bounded(int(proxies.size())))->cut();
        } else if (what < 85) { // a proxy freezes: only the heartbeats can tell
            const int p = rng.bounded(int(proxies.size()));
            if (frozen.contains(p))
                return;
            ++disconnectsInjected;
            ++freezes;
            frozen.insert(p);
            proxies.at(p)->freeze();
            QTimer::singleShot(std::chrono::milliseconds(2000 + rng.bounded(1500)), this,
                               [this, p] {
                                   // A link that lost bytes while frozen must not
                                   // come back as if nothing happened: TCP never does.
                                   if (!frozen.remove(p))
                                       return; // thawed at the wind-down already
                                   proxies.at(p)->thaw();
                                   proxies.at(p)->cut();
                               });
        }
        // otherwise: a quiet moment
    }

    qint64 pendingEverywhere()
    {
        qint64 n = 0;
        for (const auto &client : clients) {
            if (QBiMuxer *m = client->currentMuxer())
                n += m->pendingCallCount() + m->pendingRequestCount();
            n += client->queuedCallCount();
        }
        for (const PlainPeer &peer : plain) {
            if (peer.muxer)
                n += peer.muxer->pendingCallCount() + peer.muxer->pendingRequestCount();
        }
        QMutexLocker locker(&pendingMutex);
        for (int pending : std::as_const(serverPending))
            n += pending;
        return n;
    }

    QRandomGenerator rng;
    const quint32 seed;
    const QByteArray breakMode;
    std::atomic<bool> brokenOnce {false};
    QMutex heldMutex;
    QList<QBiMuxRequest> held;

    Ledger ledger;
    CallObserver observer;
    std::unique_ptr<QBiMuxServer> server;
    std::vector<std::unique_ptr<FaultyProxy>> proxies;
    std::vector<std::unique_ptr<QBiMuxClient>> clients;
    std::vector<PlainPeer> plain;
    QTimer tick;
    QTimer chaos;
    QSet<int> frozen;
    qint64 callsLeft = 0;
    std::atomic<qint64> serverCallsLeft {0};
    qint64 chaosLeft = 0;

    std::atomic<bool> loadOn {false};
    std::atomic<int> liveMuxers {0};
    std::atomic<qint64> muxersCreated {0};
    std::atomic<qint64> served {0};
    std::atomic<qint64> onewaysSent {0};
    std::atomic<qint64> onewaysReceived {0};
    std::atomic<qint64> accepted {0};
    std::atomic<qint64> serverSideClosed {0};
    std::atomic<qint64> connects {0};
    std::atomic<int> serverClosesWanted {0};
    std::atomic<qint64> serverCloses {0};
    std::atomic<qint64> disconnectsInjected {0};
    qint64 cuts = 0;
    qint64 freezes = 0;
    QMutex pendingMutex;
    QHash<QBiMuxer *, int> serverPending;
};

void tst_Soak::initTestCase()
{
    qRegisterMetaType<QBiMuxRequest>();
    qRegisterMetaType<QWebSocketProtocol::CloseCode>();
    qRegisterMetaType<QBiMuxClient::State>();
}

void tst_Soak::soak()
{
    const int seconds = std::clamp(envInt("BIMUXQT_SOAK_SECONDS", 60), 5, 24 * 3600);
    const quint32 seed = quint32(
        envInt("BIMUXQT_SOAK_SEED", int(QRandomGenerator::global()->generate() & 0x7fffffff)));
    qInfo("soak: seed %u (BIMUXQT_SOAK_SEED=%u to replay), %d s (BIMUXQT_SOAK_SECONDS)", seed, seed,
          seconds);
    QElapsedTimer elapsed;
    elapsed.start();

    auto soak = std::make_unique<Soak>(seed);
    // Every load loop is bounded in count as well as in time.
    soak->callsLeft = qint64(seconds) * 2000;
    soak->serverCallsLeft = qint64(seconds) * 1000;
    soak->chaosLeft = qint64(seconds) * 10;
    soak->setUp(40, 16, 20);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(soak->server->connectionCount() == 60, 30000);

    // Warm up without chaos, then take the memory baseline.
    soak->loadOn = true;
    soak->tick.start();
    const int warmUpMs = std::min(10000, seconds * 1000 / 6);
    QTest::qWait(warmUpMs);
    const qint64 rssStart = rssKiB();
    qInfo("soak: warmed up after %lld ms: %lld calls, RSS %lld KiB", elapsed.elapsed(),
          soak->ledger.made, rssStart);

    soak->chaos.start();
    QDeadlineTimer end(std::chrono::seconds(seconds) - std::chrono::milliseconds(warmUpMs));
    while (!end.hasExpired() && (soak->callsLeft > 0 || soak->chaosLeft > 0)) {
        QTest::qWait(1000);
        if (!QTest::currentTestFailed() && elapsed.elapsed() % 10000 < 1000) {
            qInfo("soak: %lld s, %lld calls, %lld answered, %d live muxers, RSS %lld KiB",
                  elapsed.elapsed() / 1000, soak->ledger.made, soak->ledger.answered,
                  soak->liveMuxers.load(), rssKiB());
        }
    }

    // Wind down: no new work or chaos; thaw, reconnect, and let every call end.
    soak->loadOn = false;
    soak->tick.stop();
    soak->chaos.stop();
    for (int p : std::as_const(soak->frozen)) {
        soak->proxies.at(p)->thaw();
        soak->proxies.at(p)->cut();
    }
    soak->frozen.clear();
    for (const auto &client : soak->clients) {
        if (client->state() == QBiMuxClient::State::Closed)
            client->open(client->url());
    }
    for (Soak::PlainPeer &peer : soak->plain) {
        if (!peer.muxer || peer.muxer->state() == QBiMuxer::State::Closed)
            soak->openPlain(peer); // the old one, if any, is being deleted
    }
    for (QDeadlineTimer calm(30s); soak->ledger.unfinished() > 0 && !calm.hasExpired();)
        QTest::qWait(50);
    if (soak->ledger.unfinished() > 0) {
        QMutexLocker locker(&soak->ledger.m_mutex);
        QFAIL(qPrintable(QStringLiteral("calls still unfinished 30 s after the load stopped:\n")
                         + soak->ledger.describeUnfinished().join(QLatin1Char('\n'))));
    }
    QTRY_COMPARE_WITH_TIMEOUT(soak->server->connectionCount(), 60, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(soak->pendingEverywhere(), qint64(0), 15000);
    for (int i = 0; i < 20; ++i) // let deleteLater()s and the last frames settle
        QTest::qWait(50);
    const qint64 rssEnd = rssKiB();

    // Close everything: every connection and every muxer goes.
    for (const auto &client : soak->clients)
        client->close();
    for (const Soak::PlainPeer &peer : soak->plain) {
        if (peer.muxer)
            peer.muxer->close();
    }
    QTRY_COMPARE_WITH_TIMEOUT(soak->server->connectionCount(), 0, 15000);
    soak->clients.clear();
    for (const Soak::PlainPeer &peer : soak->plain)
        delete peer.muxer.data();
    soak->server->removeObserver(&soak->observer);
    soak->server.reset(); // joins the workers
    QTRY_COMPARE_WITH_TIMEOUT(soak->liveMuxers.load(), 0, 15000);
    {
        QMutexLocker locker(&soak->heldMutex);
        soak->held.clear();
    }

    const QStringList violations = soak->ledger.finalCheck();
    const double duration = elapsed.elapsed() / 1000.0;
    qInfo().noquote() << QStringLiteral(
                             "soak summary: seed=%1 duration=%2s peers=60 calls=%3 answered=%4 "
                             "failed={%5} cancelled=%6 oneways=%7/%8 served=%9 disconnects=%10 "
                             "(cuts=%11 freezes=%12 serverCloses=%13) reconnects=%14 accepted=%15 "
                             "muxers=%16 frames=%17 rss=%18->%19KiB violations=%20")
                             .arg(seed)
                             .arg(duration, 0, 'f', 1)
                             .arg(soak->ledger.made)
                             .arg(soak->ledger.answered)
                             .arg(soak->ledger.failedSummary())
                             .arg(soak->ledger.cancelledCount)
                             .arg(soak->onewaysReceived.load())
                             .arg(soak->onewaysSent.load())
                             .arg(soak->served.load())
                             .arg(soak->disconnectsInjected.load())
                             .arg(soak->cuts)
                             .arg(soak->freezes)
                             .arg(soak->serverCloses.load())
                             .arg(soak->connects.load() - 60)
                             .arg(soak->accepted.load())
                             .arg(soak->muxersCreated.load())
                             .arg(soak->observer.frames.load())
                             .arg(rssStart)
                             .arg(rssEnd)
                             .arg(soak->ledger.violationCount + soak->observer.problemCount);
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
    QVERIFY2(soak->observer.problems.isEmpty(),
             qPrintable(soak->observer.problems.join(QLatin1Char('\n'))));
    // Something of everything happened.
    QVERIFY(soak->ledger.answered > 0);
    QVERIFY(soak->disconnectsInjected.load() > 0);
#if defined(__SANITIZE_ADDRESS__)
    qInfo("soak: RSS not checked under AddressSanitizer (its quarantine holds freed memory)");
#else
    QVERIFY2(rssEnd - rssStart < 64 * 1024,
             qPrintable(QStringLiteral("RSS grew from %1 to %2 KiB").arg(rssStart).arg(rssEnd)));
#endif
}

QTEST_MAIN(tst_Soak)
#include "tst_soak.moc"
