// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// libFuzzer target: the dialing side. A real QBiMuxer dials a hostile server on loopback
// (a bare QTcpServer of this target) that answers the WebSocket handshake as the input
// says - a correct 101, one with extra header lines, one with a wrong Sec-WebSocket-Accept,
// another status, arbitrary bytes - and then sends what a script (muxerscript.h) says,
// framed as the input says: whole or fragmented WebSocket messages, control frames
// (pings, pongs, closes with any payload), or raw bytes that break the framing.
//
// The input: a configuration byte, a handshake byte (and its operands), then steps, each
// a framing byte followed, unless the framing is raw, by one MuxerScript step.
//
// It aborts when
//  - a muxer that never got a valid 101 says it is connected, or one that got it does not;
//  - a malformed bimux message in a well-formed WebSocket message leaves the muxer open,
//    or a well-formed one makes it report a protocol error;
//  - a protocol error does not reach the server as close code 1002;
//  - the muxer writes a frame that is not masked or not a bimux Message;
//  - once the muxer is closed, a future returned by rpc() has not ended, a request handed
//    to a handler is neither answered nor cancelled, or disconnected() was not emitted
//    exactly once.
#include "fuzzloop.h"
#include "muxeroracle.h"
#include "muxerscript.h"
#include "wsframes.h"

#include <QBiMuxObserver>
#include <QBiMuxer>

#include <QtCore/qcryptographichash.h>
#include <QtCore/qpointer.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>

#include <memory>
#include <vector>

namespace {

using namespace std::chrono_literals;

void check(bool condition, const char *what)
{
    if (!condition)
        FuzzLoop::fail("fuzz_dialer", what);
}

const bool verbose = qEnvironmentVariableIntValue("FUZZ_DIALER_VERBOSE") != 0;

// Real time an input may spend in Wait steps, as in fuzz_muxer.
constexpr std::chrono::milliseconds MaxWaitPerInput {1};

// Created once: starting Qt and listening per input would cost more than the input.
struct Environment
{
    QCoreApplication *app = nullptr;
    QTcpServer *server = nullptr;
    QUrl url;
};
Environment env;

using namespace WsFrames;

// A frame as a server writes it: never masked.
QByteArray wsFrame(quint8 opcode, const QByteArray &payload, bool fin = true, quint8 rsv = 0)
{
    return WsFrames::encode(opcode, payload, false, fin, rsv);
}

class Run
{
public:
    explicit Run(MuxerScript &script)
        : m_script(script)
    { }

    ~Run()
    {
        if (m_peer)
            m_peer->abort();
        delete m_peer.data();
        delete m_muxer.data();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }

    void execute();

private:
    bool dial();
    bool answerHandshake(quint8 kind);
    void readFromMuxer();
    void step();
    void sendMessage(quint8 opcode, const QByteArray &payload, quint8 framing);
    void sync();
    void finish();
    bool muxerOpen() const { return m_muxer && m_muxer->state() == QBiMuxer::State::Open; }
    bool peerConnected() const
    {
        return m_peer && m_peer->state() == QAbstractSocket::ConnectedState;
    }

    MuxerScript &m_script;
    QPointer<QBiMuxer> m_muxer;
    QPointer<QTcpSocket> m_peer;
    MuxerOracle m_oracle {"fuzz_dialer", verbose};
    QByteArray m_fromMuxer; // bytes not parsed yet
    QString m_decodeError;
    bool m_upgraded = false; // the peer sent a valid 101
    bool m_desynced = false; // raw bytes broke the framing: no sync can be relied on
    quint64 m_pingCount = 0;
    bool m_ponged = false;
    QByteArray m_token;
    int m_closeFrames = 0;
    int m_closeCodeSeen = -1;
    int m_connects = 0;
    std::chrono::milliseconds m_waited {0};
};

bool Run::dial()
{
    m_muxer = new QBiMuxer;
    m_muxer->setId(QStringLiteral("fuzz"));
    m_muxer->setSettings(
        m_muxer->settings().setHeartbeat(0ms, 0ms)); // no timers that depend on the machine's speed
    QObject::connect(m_muxer, &QBiMuxer::connected, m_muxer, [this] { ++m_connects; });
    m_oracle.watch(m_muxer);
    m_muxer->setRequestHandler(1, m_muxer, [](const QByteArray &data) { return data; });
    m_muxer->setRequestHandler(2, m_muxer, [](const QByteArray &data) -> QByteArray {
        throw QBiMuxError(QBiMux::StatusCode(data.isEmpty() ? 0 : quint8(data.front())),
                          QStringLiteral("thrown"));
    });
    m_muxer->setRequestHandler(4, m_muxer,
                               [this](const QBiMuxRequest &request) { m_oracle.defer(request); });
    m_muxer->setRequestHandler(6, m_muxer, [this](const QByteArray &data) {
        m_muxer->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("handler closed"));
        return data;
    });
    m_muxer->setMessageHandler(1, m_muxer, [](const QByteArray &) {});

    // A call before the link is open waits in the muxer's backlog.
    m_oracle.call(m_muxer, 1, "early", 0ms);
    m_muxer->open(env.url);
    if (!FuzzLoop::spinUntil([] { return env.server->hasPendingConnections(); }, 5s)) {
        fprintf(stderr, "fuzz_dialer: no loopback connection within 5 s; input skipped\n");
        return false;
    }
    m_peer = env.server->nextPendingConnection();
    m_peer->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return true;
}

// Reads the handshake request and answers it as `kind` says; true if the answer was a
// valid 101.
bool Run::answerHandshake(quint8 kind)
{
    QByteArray request;
    const bool gotHead = FuzzLoop::spinUntil(
        [&] {
            request += m_peer->readAll();
            return request.contains("\r\n\r\n") || !peerConnected();
        },
        5s);
    check(gotHead || !peerConnected(), "the muxer sent no complete handshake request");
    check(request.startsWith("GET /mux HTTP/1.1\r\n"), "not a WebSocket handshake request");
    check(request.contains("\r\nX-BiMux-Id: fuzz\r\n"), "the id was not announced");
    QByteArray key;
    for (const QByteArray &line : request.split('\n')) {
        if (line.toLower().startsWith("sec-websocket-key:"))
            key = line.mid(18).trimmed();
    }
    check(!key.isEmpty(), "no Sec-WebSocket-Key");
    const QByteArray accept = QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                                       QCryptographicHash::Sha1)
                                  .toBase64();
    QByteArray response;
    bool valid = false;
    switch (kind % 8) {
    default: // a correct 101, sometimes with a header line made of the input's bytes
        response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Accept: "
            + accept + "\r\n";
        if (kind & 0x80) {
            QByteArray extra = m_script.bytes(32);
            extra.replace('\r', ' ').replace('\n', ' ');
            response += "X-Fuzz: " + extra + "\r\n";
        }
        response += "\r\n";
        valid = true;
        break;
    case 5: // a wrong key
        response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Accept: "
            + QByteArray(accept).replace('A', 'B').replace('a', 'A') + "x\r\n\r\n";
        break;
    case 6: // anything
        response = m_script.bytes(255);
        break;
    case 7: { // another status, with a body
        const int status = 200 + m_script.byte() % 4 * 100 + m_script.byte() % 32;
        const QByteArray body = m_script.bytes(32);
        response = "HTTP/1.1 " + QByteArray::number(status)
            + " No\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        break;
    }
    }
    if (verbose)
        fprintf(stderr, "handshake kind %d: %s\n", kind % 8, response.toHex().constData());
    m_peer->write(response);
    if (!valid) {
        // Whatever the muxer made of it, the server goes.
        m_peer->disconnectFromHost();
        return false;
    }
    QObject::connect(m_peer, &QIODevice::readyRead, m_peer, [this] { readFromMuxer(); });
    FuzzLoop::spinUntil(
        [&] { return muxerOpen() || !m_muxer || m_muxer->state() == QBiMuxer::State::Closed; }, 5s);
    return true;
}

// Parses the muxer's frames: every one masked, every binary one a bimux Message.
void Run::readFromMuxer()
{
    m_fromMuxer += m_peer->readAll();
    while (std::optional<Frame> frame = take(m_fromMuxer)) {
        check(frame->masked, "the muxer sent an unmasked frame");
        switch (frame->opcode) {
        case Pong:
            m_ponged = m_ponged || frame->payload == m_token;
            break;
        case Close:
            ++m_closeFrames;
            if (frame->payload.size() >= 2)
                m_closeCodeSeen = quint8(frame->payload.at(0)) << 8 | quint8(frame->payload.at(1));
            break;
        case Binary:
            check(QBiMuxFrame::decode(frame->payload, &m_decodeError).has_value(),
                  "the muxer sent a malformed frame");
            break;
        default:
            break;
        }
    }
}

// Sends one message, whole or in two fragments, or with a reserved bit set (which the
// socket must refuse).
void Run::sendMessage(quint8 opcode, const QByteArray &payload, quint8 framing)
{
    if (framing % 4 == 1 && payload.size() >= 2) {
        const qsizetype half = payload.size() / 2;
        // A ping may come between the fragments, as RFC 6455 allows.
        m_peer->write(wsFrame(opcode, payload.left(half), false) + wsFrame(Ping, "between")
                      + wsFrame(Continuation, payload.mid(half)));
    } else if (framing % 16 == 2) {
        m_peer->write(wsFrame(opcode, payload, true, 0x40));
        m_oracle.mayFail();
        m_desynced = true; // the socket closes with 1002 on its own
    } else {
        m_peer->write(wsFrame(opcode, payload));
    }
}

void Run::step()
{
    const quint8 framing = m_script.byte();
    if (framing % 16 == 15) { // raw bytes: the framing is anyone's guess from here on
        m_peer->write(m_script.bytes(64));
        m_oracle.mayFail();
        m_desynced = true;
        return;
    }
    if (framing % 16 == 14) { // control frames
        const QByteArray payload = m_script.bytes(framing & 0x80 ? 200 : 16);
        const quint8 kind = m_script.byte() % 4;
        switch (kind) {
        case 0:
            m_peer->write(wsFrame(Ping, payload));
            break;
        case 1:
            m_peer->write(wsFrame(Pong, payload));
            break;
        case 2: // a close with any code and reason
            m_peer->write(wsFrame(Close, payload));
            break;
        case 3: // a fragmented control frame, which RFC 6455 forbids
            m_peer->write(wsFrame(Ping, payload, false));
            break;
        }
        // Payloads above 125 bytes, bad close codes, fragments: the socket may refuse
        // them and close. A small ping or pong is harmless.
        if (kind > 1 || payload.size() > 125) {
            m_oracle.mayFail();
            m_desynced = true;
        }
        return;
    }
    const Step s = m_script.next();
    if (verbose)
        fprintf(stderr, "step: framing %d kind %d route %d bytes %s\n", framing, int(s.kind),
                s.route, s.bytes.toHex().constData());
    switch (s.kind) {
    case Step::Binary:
        m_oracle.judgeBinary(s.bytes);
        sendMessage(Binary, s.bytes, framing);
        break;
    case Step::Text:
        sendMessage(Text, s.bytes, framing);
        // Invalid UTF-8 makes the socket close by itself, with another code.
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
            request->reply("deferred");
        break;
    case Step::Wait:
        // Lets deadline and cancel-sweep timers fire; a little per input, for speed.
        if (m_waited < MaxWaitPerInput) {
            const auto slice = std::min(s.timeout, MaxWaitPerInput - m_waited);
            m_waited += slice;
            FuzzLoop::spinFor(slice);
        }
        break;
    case Step::ClientClose: // the server goes
        sync();
        if (s.how & 1) {
            m_peer->abort();
        } else {
            m_peer->write(wsFrame(Close, QByteArray::fromHex("03e8")));
            m_peer->disconnectFromHost();
        }
        FuzzLoop::spinUntil([&] { return !muxerOpen(); }, 5s);
        break;
    case Step::MuxerClose:
        m_muxer->close();
        break;
    case Step::FinishPromise:
    case Step::DestroyContext:
    case Step::Sync:
        sync();
        break;
    }
}

void Run::sync()
{
    if (!peerConnected() || !muxerOpen())
        return;
    if (m_desynced) {
        // The socket may be waiting for the rest of a frame that never comes, or about to
        // close: give it a moment, and judge nothing.
        m_token = QByteArray::number(++m_pingCount);
        m_ponged = false;
        m_peer->write(wsFrame(Ping, m_token));
        FuzzLoop::spinUntil([&] { return m_ponged || !peerConnected() || !muxerOpen(); },
                            MaxWaitPerInput);
        return;
    }
    m_token = QByteArray::number(++m_pingCount);
    m_ponged = false;
    m_peer->write(wsFrame(Ping, m_token));
    const bool ok
        = FuzzLoop::spinUntil([&] { return m_ponged || !peerConnected() || !muxerOpen(); }, 5s);
    if (!ok) {
        fprintf(stderr, "fuzz_dialer: no pong within 5 s\n");
        return;
    }
    if (m_oracle.hadToFail() && m_muxer && m_ponged)
        check(m_muxer->state() == QBiMuxer::State::Closed, "malformed input left the muxer open");
    if (m_oracle.protocolErrors() && m_muxer) {
        check(m_muxer->state() == QBiMuxer::State::Closed, "a protocol error left the muxer open");
        // The close frame is on its way: the server has to see 1002.
        FuzzLoop::spinUntil([&] { return m_closeFrames > 0 || !peerConnected(); }, 5s);
        if (m_oracle.closeCode() == QWebSocketProtocol::CloseCodeProtocolError
            && m_closeFrames == 1)
            check(m_closeCodeSeen == 1002, "the server did not see the protocol error's code");
    }
    m_oracle.startRound();
}

void Run::execute()
{
    const quint8 config = m_script.byte();
    if (!dial())
        return;
    if (config & 1)
        m_muxer->addObserver(&m_oracle.observer);
    if (config & 2)
        m_muxer->setSettings(m_muxer->settings().setMaxMessageSize(128));
    const bool upgraded = answerHandshake(m_script.byte());
    if (!upgraded) {
        // Refused, or answered with nonsense: the muxer never opens, and ends.
        FuzzLoop::spinUntil([&] { return !m_muxer || m_muxer->state() == QBiMuxer::State::Closed; },
                            5s);
        check(m_connects == 0, "the muxer opened without a valid handshake");
    } else {
        check(m_connects == 1 || m_muxer->state() == QBiMuxer::State::Closed,
              "a valid handshake did not open the muxer");
        for (int i = 0; i < MuxerScript::MaxSteps && !m_script.atEnd(); ++i) {
            if (!peerConnected() || !m_muxer)
                break;
            step();
        }
        sync();
    }
    finish();
}

void Run::finish()
{
    if (!m_muxer)
        return;
    m_muxer->close();
    m_oracle.checkEnded(m_muxer);
}

void dropMessages(QtMsgType, const QMessageLogContext &, const QString &) { }

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    static int argc = 1;
    static char name[] = "fuzz_dialer";
    static char *argv[] = {name, nullptr};
    qInstallMessageHandler(dropMessages);
    env.app = new QCoreApplication(argc, argv);
    env.server = new QTcpServer;
    if (!env.server->listen(QHostAddress::LocalHost, 0)) {
        fprintf(stderr, "fuzz_dialer: cannot listen on 127.0.0.1\n");
        abort();
    }
    env.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(env.server->serverPort()));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MuxerScript script(data, size);
    Run run(script);
    run.execute();
    return 0;
}
