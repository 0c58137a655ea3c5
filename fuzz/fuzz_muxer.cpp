// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// libFuzzer target: a real QBiMuxer, on the server side of a WebSocket, fed a sequence of
// WebSocket messages decoded from the fuzz input (see muxerscript.h).
//
// One QCoreApplication and one QWebSocketServer live for the whole run; each input gets a
// fresh connection over a local socket pair (no TCP: see fuzz/README.md for why): the
// QWebSocketServer takes one end through a real WebSocket handshake, a QBiMuxer wraps the
// QWebSocket it makes, and a raw client on the other end writes the handshake and masked
// frames by hand (wsframes.h). After each batch the client pings and waits for the pong
// (or for the close): the muxer handles binary messages synchronously as the socket reads
// them, so the pong means that everything before it was dispatched.
//
// It aborts when
//  - a batch without anything malformed in it makes the muxer report a protocol error;
//  - a batch with something that must be refused (a text message, bytes that are not a
//    bimux Message, a response to a number never used) leaves the muxer open;
//  - a protocol error does not close the muxer with CloseCodeProtocolError, or the
//    client does not see that code;
//  - a future returned by rpc() has not ended once the muxer is closed, or a request
//    handed to a handler is neither answered nor cancelled by then;
//  - a request can be answered twice;
//  - a stream the muxer accepted ends more than once, or has not ended once the muxer is
//    closed.
#include "fuzzloop.h"
#include "muxeroracle.h"
#include "muxerscript.h"
#include "wsframes.h"

#include <QBiMuxObserver>
#include <QBiMuxStream>
#include <QBiMuxer>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qpointer.h>
#include <QtCore/qpromise.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketserver.h>

#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace {

using namespace std::chrono_literals;

[[noreturn]] void fail(const char *what)
{
    FuzzLoop::fail("fuzz_muxer", what);
}

void check(bool condition, const char *what)
{
    if (!condition)
        fail(what);
}

// Real time an input may spend in Wait steps.
constexpr std::chrono::milliseconds MaxWaitPerInput {1};

// FUZZ_MUXER_VERBOSE=1 traces what an input does, to check what a seed reaches.
const bool verbose = qEnvironmentVariableIntValue("FUZZ_MUXER_VERBOSE") != 0;

// Created once: starting Qt per input would cost more than the input.
struct Environment
{
    QCoreApplication *app = nullptr;
    QWebSocketServer *server = nullptr; // handshakes only: it never listens
};
Environment env;

using FuzzLoop::spinUntil;

// One input's connection and everything the target made on it.
class Run
{
public:
    explicit Run(MuxerScript &script)
        : m_script(script)
    { }

    ~Run()
    {
        // No close handshake to wait for: the muxer is gone next anyway.
        if (m_client)
            m_client->abort();
        delete m_client;
        delete m_muxer.data();
        m_promises.clear();
        delete m_context.data();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }

    bool connect();
    void execute();

private:
    void configure(quint8 config);
    void installHandlers();
    void sendBinary(const QByteArray &bytes);
    void readFromServer();
    void clientSend(quint8 opcode, const QByteArray &payload);
    bool clientOpen() const
    {
        return !m_clientClosed && m_client->state() == QAbstractSocket::ConnectedState;
    }
    void sync();
    void finish();
    void closeMuxer();
    bool muxerOpen() const { return m_muxer && m_muxer->state() == QBiMuxer::State::Open; }
    void answer(const QBiMuxRequest &request, quint8 how);
    void watch(QBiMuxStream *stream);

    MuxerScript &m_script;
    QTcpSocket *m_client = nullptr; // the raw client's end of the socket pair
    QByteArray m_fromServer; // bytes not parsed yet
    bool m_clientClosed = false; // it sent or answered a close frame, or was aborted
    int m_clientCloseCode = -1; // of the server's close frame
    QByteArray m_pingToken;
    bool m_ponged = false;
    QPointer<QBiMuxer> m_muxer;
    QPointer<QObject> m_context; // a handler's context, which the script may destroy
    MuxerOracle m_oracle {"fuzz_muxer", verbose};
    std::vector<std::unique_ptr<QPromise<QByteArray>>> m_promises;
    // Accepted streams, and how often each emitted finished().
    std::vector<std::pair<QPointer<QBiMuxStream>, std::shared_ptr<int>>> m_streams;
    quint64 m_pingCount = 0;
    std::chrono::milliseconds m_waited {0};
};

bool Run::connect()
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        perror("fuzz_muxer: socketpair");
        abort();
    }
    auto *serverEnd = new QTcpSocket;
    m_client = new QTcpSocket;
    check(serverEnd->setSocketDescriptor(fds[0]) && m_client->setSocketDescriptor(fds[1]),
          "a socket pair end cannot be used as a QTcpSocket");
    QWebSocket *accepted = nullptr;
    auto connection = QObject::connect(env.server, &QWebSocketServer::newConnection,
                                       [&] { accepted = env.server->nextPendingConnection(); });
    env.server->handleConnection(serverEnd);
    m_client->write("GET /mux HTTP/1.1\r\nHost: fuzz\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    "Sec-WebSocket-Version: 13\r\n\r\n");
    QByteArray response;
    const bool ok = spinUntil(
        [&] {
            response += m_client->readAll();
            return accepted && response.contains("\r\n\r\n");
        },
        5s);
    QObject::disconnect(connection);
    check(ok, "no WebSocket handshake over a local socket pair within 5 s");
    check(response.startsWith("HTTP/1.1 101"), "the handshake was refused");
    m_fromServer = response.mid(response.indexOf("\r\n\r\n") + 4);
    QObject::connect(m_client, &QIODevice::readyRead, m_client, [this] { readFromServer(); });
    m_muxer = new QBiMuxer(accepted);
    check(m_muxer->state() == QBiMuxer::State::Open, "a muxer on a connected socket is not open");
    return true;
}

// What a WebSocket client does with the server's frames: notes pongs, answers a close.
void Run::readFromServer()
{
    m_fromServer += m_client->readAll();
    while (std::optional<WsFrames::Frame> frame = WsFrames::take(m_fromServer)) {
        check(!frame->masked, "the server sent a masked frame");
        if (frame->opcode == WsFrames::Pong) {
            m_ponged = m_ponged || frame->payload == m_pingToken;
        } else if (frame->opcode == WsFrames::Close) {
            if (frame->payload.size() >= 2)
                m_clientCloseCode
                    = quint8(frame->payload.at(0)) << 8 | quint8(frame->payload.at(1));
            if (!m_clientClosed)
                m_client->write(WsFrames::encode(WsFrames::Close, frame->payload.left(2), true));
            m_clientClosed = true;
        }
    }
}

void Run::clientSend(quint8 opcode, const QByteArray &payload)
{
    m_client->write(WsFrames::encode(opcode, payload, true));
}

void Run::configure(quint8 config)
{
    // No heartbeat: its timers would make runs depend on the machine's speed.
    m_muxer->setSettings(m_muxer->settings().setHeartbeat(0ms, 0ms));
    if (config & 1)
        m_muxer->addObserver(&m_oracle.observer);
    if (config & 2) {
        QObject::connect(m_muxer, &QBiMuxer::requestReceived, m_muxer,
                         [this](const QBiMuxRequest &request) {
                             if (request.data().isEmpty())
                                 m_oracle.defer(request);
                             else
                                 answer(request, quint8(request.data().front()));
                         });
    }
    if (config & 4)
        QObject::connect(m_muxer, &QBiMuxer::messageReceived, m_muxer, [] {});
    if (config & 8)
        m_muxer->setSettings( // answers larger than this become errors
            m_muxer->settings().setMaxMessageSize(128));
    m_oracle.watch(m_muxer);
    installHandlers();
}

// Answers a request the way the script says: reply, fail, or with a future.
void Run::answer(const QBiMuxRequest &request, quint8 how)
{
    switch (how % 4) {
    case 0:
        request.reply(request.data());
        break;
    case 1:
        request.fail(QBiMux::StatusCode(how >> 2), QStringLiteral("failed by the fuzzer"));
        break;
    case 2: {
        auto promise = std::make_unique<QPromise<QByteArray>>();
        promise->start();
        request.reply(promise->future());
        m_promises.push_back(std::move(promise));
        break;
    }
    case 3:
        // Left unanswered: only the peer's cancel or the close can end it.
        m_oracle.defer(request);
        break;
    }
}

void Run::installHandlers()
{
    QBiMuxer *muxer = m_muxer;
    muxer->setRequestHandler(1, muxer, [](const QByteArray &data) { return data; });
    muxer->setRequestHandler(2, muxer, [](const QByteArray &data) -> QByteArray {
        const int code = data.isEmpty() ? 0 : quint8(data.front());
        throw QBiMuxError(QBiMux::StatusCode(code), QString::fromLatin1(data.toHex()));
    });
    muxer->setRequestHandler(3, muxer, [](const QByteArray &) -> QByteArray {
        throw std::runtime_error("handler threw");
    });
    muxer->setRequestHandler(4, muxer, [this](const QBiMuxRequest &request) {
        m_oracle.defer(request);
        request.onCancelled(m_muxer, [request] {
            check(!request.isAnswered(), "onCancelled() after the request was answered");
        });
    });
    muxer->setRequestHandler(5, muxer, [this](const QByteArray &) {
        m_promises.push_back(std::make_unique<QPromise<QByteArray>>());
        m_promises.back()->start();
        return m_promises.back()->future();
    });
    // Closes the muxer from inside its own dispatch, then answers.
    muxer->setRequestHandler(6, muxer, [this](const QByteArray &data) {
        m_muxer->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("handler closed"));
        return data;
    });
    // Calls back into the muxer from inside a handler.
    muxer->setRequestHandler(7, muxer, [this](const QByteArray &data) {
        m_oracle.call(m_muxer, 1, data, 0ms);
        return data;
    });
    m_context = new QObject;
    muxer->setRequestHandler(8, m_context, [](const QByteArray &data) { return data; });
    muxer->setRequestHandler(9, muxer, [](const QBiMuxRequest &request) {
        request.reply("first");
        check(!request.reply("second"), "a request was answered twice");
        check(!request.fail(QBiMux::StatusCode::Internal, QStringLiteral("third")),
              "a request was answered twice");
        check(request.isAnswered(), "an answered request says it is not");
    });

    // Streams: echoed, held unread, reset at once, deleted.
    muxer->setStreamHandler(1, muxer, [this](QBiMuxStream *stream) {
        watch(stream);
        QObject::connect(stream, &QIODevice::readyRead, stream,
                         [stream] { stream->write(stream->readAll()); });
        QObject::connect(stream, &QIODevice::readChannelFinished, stream,
                         [stream] { stream->closeWrite(); });
    });
    muxer->setStreamHandler(2, muxer, [this](QBiMuxStream *stream) { watch(stream); });
    muxer->setStreamHandler(3, muxer, [this](QBiMuxStream *stream) {
        watch(stream);
        stream->abort(QBiMux::StatusCode::Aborted, QStringLiteral("refused by the fuzzer"));
    });
    muxer->setStreamHandler(4, muxer, [](QBiMuxStream *stream) { stream->deleteLater(); });

    muxer->setMessageHandler(1, muxer, [](const QByteArray &) {});
    muxer->setMessageHandler(6, muxer, [this](const QByteArray &) {
        m_muxer->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("handler closed"));
    });
    muxer->setMessageHandler(7, muxer, [this](const QByteArray &data) {
        m_oracle.call(m_muxer, 2, data, 0ms);
        m_oracle.send(m_muxer, 3, data);
    });
    muxer->setMessageHandler(8, m_context, [](const QByteArray &) {});
    // Destroying the muxer from its own signal is allowed with deleteLater().
    muxer->setMessageHandler(9, muxer, [this](const QByteArray &) { m_muxer->deleteLater(); });
}

void Run::watch(QBiMuxStream *stream)
{
    auto ends = std::make_shared<int>(0);
    QObject::connect(stream, &QBiMuxStream::finished, stream,
                     [ends] { check(++*ends == 1, "a stream finished twice"); });
    m_streams.emplace_back(stream, ends);
}

// Sends a binary message and notes what the muxer may or must make of it.
void Run::sendBinary(const QByteArray &bytes)
{
    clientSend(WsFrames::Binary, bytes);
    m_oracle.judgeBinary(bytes);
}

void Run::sync()
{
    if (!clientOpen())
        return;
    m_pingToken = QByteArray::number(++m_pingCount);
    m_ponged = false;
    clientSend(WsFrames::Ping, m_pingToken);
    QElapsedTimer started;
    started.start();
    const bool ok = spinUntil([&] { return m_ponged || !clientOpen(); }, 5s);
    if (verbose) {
        fprintf(stderr, "  sync: %s after %lld ms, client %s\n", m_ponged ? "pong" : "no pong",
                qlonglong(started.elapsed()), clientOpen() ? "connected" : "closed");
    }
    if (!ok) {
        fprintf(stderr, "fuzz_muxer: no pong within 5 s (muxer %s)\n",
                m_muxer ? (m_muxer->isConnected() ? "open" : "closed") : "gone");
        return;
    }
    if (m_oracle.hadToFail() && m_muxer)
        check(m_muxer->state() == QBiMuxer::State::Closed, "malformed input left the muxer open");
    if (m_oracle.protocolErrors()) {
        check(!m_muxer || m_muxer->state() == QBiMuxer::State::Closed,
              "a protocol error left the muxer open");
        // The close frame is on its way: the client has to see 1002.
        spinUntil([&] { return m_clientCloseCode >= 0 || !clientOpen(); }, 5s);
        if (m_clientCloseCode >= 0
            && m_clientCloseCode != QWebSocketProtocol::CloseCodeProtocolError
            && m_oracle.disconnects() == 1
            && m_oracle.closeCode() == QWebSocketProtocol::CloseCodeProtocolError) {
            fail("the peer did not see the protocol error's close code");
        }
    }
    m_oracle.startRound();
}

void Run::execute()
{
    configure(m_script.byte());
    for (int step = 0; step < MuxerScript::MaxSteps && !m_script.atEnd(); ++step) {
        // Nothing more to say once the connection is gone.
        if (!clientOpen() || !m_muxer)
            break;
        const Step s = m_script.next();
        if (verbose)
            fprintf(stderr, "step %d: kind %d route %d bytes %s\n", step, int(s.kind), s.route,
                    s.bytes.toHex().constData());
        switch (s.kind) {
        case Step::Binary:
            sendBinary(s.bytes);
            break;
        case Step::Text:
            // As QWebSocket::sendTextMessage() would: always valid UTF-8.
            clientSend(WsFrames::Text, QString::fromUtf8(s.bytes).toUtf8());
            m_oracle.mustFail();
            break;
        case Step::Call:
            m_oracle.call(m_muxer, s.route, s.bytes, s.timeout);
            break;
        case Step::Send:
            m_oracle.send(m_muxer, s.route, s.bytes);
            break;
        case Step::CancelFuture:
            m_oracle.cancelCall(s.index);
            break;
        case Step::AnswerDeferred:
            if (const QBiMuxRequest *request = m_oracle.deferred(s.index))
                answer(*request, s.how);
            break;
        case Step::FinishPromise:
            // A QPromise finishes once: Qt 6.4 runs the continuation again on a second
            // finish(), which is the caller's bug, not the muxer's.
            if (!m_promises.empty()
                && !m_promises[s.index % m_promises.size()]->future().isFinished()) {
                QPromise<QByteArray> &promise = *m_promises[s.index % m_promises.size()];
                if (s.how % 3 == 0)
                    promise.addResult(QByteArray("done"));
                else if (s.how % 3 == 1)
                    promise.setException(QBiMuxError(QBiMux::StatusCode::Aborted, "no"));
                else
                    promise.future().cancel();
                promise.finish();
            }
            break;
        case Step::DestroyContext:
            delete m_context.data();
            break;
        case Step::Sync:
            sync();
            break;
        case Step::Wait:
            // Lets deadline and cancel-sweep timers fire. Bounded per input: real time
            // is what an input costs most (see fuzz/README.md).
            if (m_waited < MaxWaitPerInput) {
                const auto slice = std::min(s.timeout, MaxWaitPerInput - m_waited);
                m_waited += slice;
                FuzzLoop::spinFor(slice);
            }
            break;
        case Step::ClientClose:
            sync();
            if (s.how & 1)
                m_client->abort();
            else
                clientSend(WsFrames::Close,
                           QByteArray::fromHex(
                               QByteArray::number(1000 + s.how % 12, 16).rightJustified(4, '0')));
            m_clientClosed = true;
            spinUntil([&] { return !muxerOpen(); }, 5s);
            break;
        case Step::MuxerClose:
            closeMuxer();
            break;
        }
    }
    sync();
    finish();
}

void Run::closeMuxer()
{
    const bool wasOpen = muxerOpen();
    m_muxer->close();
    // close() on an open muxer reports its own reason (fuzz/regressions/close-reports-peer.md).
    if (wasOpen) {
        check(m_oracle.closeReason() == QLatin1String("closed by this side"),
              "close() reported another reason than its own");
    }
}

// Once the muxer is closed, nothing the target started may still be waiting.
void Run::finish()
{
    if (m_muxer)
        closeMuxer();
    m_oracle.checkEnded(m_muxer);
    // A stream's end may come from the event loop (an abort's); it has to come.
    const auto allEnded = [this] {
        return std::all_of(m_streams.cbegin(), m_streams.cend(),
                           [](const auto &stream) { return !stream.first || *stream.second == 1; });
    };
    spinUntil(allEnded, 1s);
    check(allEnded(), "a stream did not end with the muxer");
    // A closed muxer takes no new work, and fails it at once.
    if (m_muxer) {
        check(m_muxer->rpc(1, "late").isFinished(), "rpc() on a closed muxer did not end");
        check(!m_muxer->send(1, "late"), "send() on a closed muxer succeeded");
    }
}

void dropMessages(QtMsgType, const QMessageLogContext &, const QString &) { }

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    static int argc = 1;
    static char name[] = "fuzz_muxer";
    static char *argv[] = {name, nullptr};
    // Protocol errors are this target's daily bread; their warnings would drown libFuzzer's
    // output. qFatal() still aborts after the handler.
    qInstallMessageHandler(dropMessages);
    env.app = new QCoreApplication(argc, argv);
    env.server = new QWebSocketServer(QStringLiteral("fuzz"), QWebSocketServer::NonSecureMode);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MuxerScript script(data, size);
    Run run(script);
    if (run.connect())
        run.execute();
    return 0;
}
