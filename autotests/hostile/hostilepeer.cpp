// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// A hostile bimux peer, run by tst_hostile as a process of its own so that the memory the
// attacked process holds can be measured without the attacker's. It speaks raw TCP with
// WebSocket frames made by hand, so that it can do what no WebSocket library lets a peer
// do: announce a frame it never finishes, refuse to read, flood pings.
//
//   hostilepeer dial <port> <attack> [--path /mux] [--seconds S] [attack options]
//   hostilepeer listen <attack> [--seconds S] [attack options]
//
// `dial` attacks a server at 127.0.0.1:<port>; `listen` waits on 127.0.0.1 (it prints
// "LISTENING <port>") for one dialing muxer and attacks it. The attacks:
//
//   huge-frame  --announce BYTES --stream BYTES
//       One binary frame announcing BYTES of payload, then zeros streamed as fast as the
//       other side takes them, up to --stream bytes.
//   big-answers --route R --count N [--payload BYTES]
//       With a 4 KiB receive buffer, N requests to route R in one go (each asking for
//       whatever the handler of R answers), then never a byte read.
//   ping-flood  --route R
//       With a 4 KiB receive buffer and never reading: 2 MiB of pings over 0.6 s, so that
//       the other side's kernel send queue fills with pongs, a pause, then pings as fast
//       as they go; and a oneway to route R every 0.5 s so as to look alive.
//   metadata-flood  --flag request|oneway --route R --count N --size BYTES
//       N requests or oneways to route R in one go, each a frame of about BYTES (keep it
//       under the other side's maximum message size) that is nearly all metadata
//       entries (field 9) of 7 bytes each: a distinct 3-byte key and no value. Then
//       waits, reading nothing.
//
// Every attack ends at the deadline (--seconds, default 10) or when the other side is
// gone. The last line says how it ended and how many bytes it wrote after the handshake:
// "END <how> SENT <bytes>", <how> being peer-closed, deadline or done.

#include "rawframes.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qbytearraylist.h>
#include <QtCore/qcryptographichash.h>
#include <QtCore/qelapsedtimer.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

namespace {

constexpr int TinyReceiveBuffer = 4096;

struct Options
{
    std::string role;
    std::string attack;
    int port = 0;
    std::string path = "/mux";
    double seconds = 10;
    qint64 announce = 0;
    qint64 stream = 0;
    int route = 1;
    int count = 1;
    qint64 payload = 16;
    std::string flag = "request";
    qint64 size = 0;
};

[[noreturn]] void die(const char *what)
{
    std::fprintf(stderr, "hostilepeer: %s: %s\n", what, std::strerror(errno));
    std::exit(2);
}

void say(const std::string &line)
{
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

class Peer
{
public:
    Peer(const Options &options)
        : m_options(options)
    {
        m_clock.start();
    }

    // The client side of RFC 6455 masks its frames; the key 0 leaves the payload as it is.
    bool masks() const { return m_options.role == "dial"; }

    bool expired() const { return m_clock.elapsed() >= qint64(m_options.seconds * 1000); }

    void dial()
    {
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        if (m_fd < 0)
            die("socket");
        if (receivesLittle()) {
            // Before connect(), so that the window the peer sees is small from the start.
            const int size = TinyReceiveBuffer;
            setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        }
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(quint16(m_options.port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0)
            die("connect");
        const std::string request = "GET " + m_options.path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        writeAll(request.data(), qint64(request.size()));
        const QByteArray response = readHead();
        if (!response.startsWith("HTTP/1.1 101")) {
            std::fprintf(stderr, "hostilepeer: handshake refused: %s\n", response.constData());
            std::exit(2);
        }
        m_sent = 0;
    }

    void listenAndAccept()
    {
        const int listener = socket(AF_INET, SOCK_STREAM, 0);
        if (listener < 0)
            die("socket");
        if (receivesLittle()) {
            // Inherited by the accepted socket.
            const int size = TinyReceiveBuffer;
            setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        }
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) < 0
            || listen(listener, 1) < 0
            || getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length) < 0) {
            die("listen");
        }
        say("LISTENING " + std::to_string(ntohs(address.sin_port)));
        m_fd = accept(listener, nullptr, nullptr);
        if (m_fd < 0)
            die("accept");
        close(listener);
        const QByteArray request = readHead();
        QByteArray key;
        for (const QByteArray &line : request.split('\n')) {
            if (line.toLower().startsWith("sec-websocket-key:"))
                key = line.mid(int(std::strlen("sec-websocket-key:"))).trimmed();
        }
        const QByteArray accept
            = QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                       QCryptographicHash::Sha1)
                  .toBase64();
        const QByteArray response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                    "Connection: Upgrade\r\nSec-WebSocket-Accept: "
            + accept + "\r\n\r\n";
        writeAll(response.constData(), response.size());
        m_sent = 0;
    }

    // Writes everything unless the other side is gone or the deadline passed; false then.
    bool writeAll(const char *data, qint64 size)
    {
        while (size > 0) {
            pollfd watched {m_fd, POLLOUT, 0};
            if (poll(&watched, 1, 50) < 0)
                die("poll");
            if (expired()) {
                m_end = "deadline";
                return false;
            }
            if (!(watched.revents & (POLLOUT | POLLERR | POLLHUP)))
                continue;
            const ssize_t written = send(m_fd, data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (written < 0) {
                if (errno == EAGAIN || errno == EINTR)
                    continue;
                m_end = "peer-closed";
                return false;
            }
            data += written;
            size -= written;
            m_sent += written;
        }
        return true;
    }

    QByteArray frameHeader(int opcode, qint64 payloadSize, bool final = true) const
    {
        QByteArray header;
        header.append(char((final ? 0x80 : 0) | opcode));
        const char maskBit = masks() ? char(0x80) : char(0);
        if (payloadSize < 126) {
            header.append(char(maskBit | char(payloadSize)));
        } else if (payloadSize <= 0xffff) {
            header.append(char(maskBit | 126));
            header.append(char(payloadSize >> 8));
            header.append(char(payloadSize & 0xff));
        } else {
            header.append(char(maskBit | 127));
            for (int shift = 56; shift >= 0; shift -= 8)
                header.append(char((payloadSize >> shift) & 0xff));
        }
        if (masks())
            header.append(4, '\0');
        return header;
    }

    QByteArray frame(int opcode, const QByteArray &payload) const
    {
        return frameHeader(opcode, payload.size()) + payload;
    }

    // Waits, reading nothing, until the other side is gone or the deadline passes.
    void idle()
    {
        while (!expired()) {
            pollfd watched {m_fd, POLLRDHUP, 0};
            if (poll(&watched, 1, 50) < 0)
                die("poll");
            if (watched.revents & (POLLRDHUP | POLLERR | POLLHUP)) {
                m_end = "peer-closed";
                return;
            }
        }
        m_end = "deadline";
    }

    void finish()
    {
        say("END " + m_end + " SENT " + std::to_string(m_sent));
        // Without a linger of 0 the kernel would keep sending our last bytes after we exit.
        const linger abortive {1, 0};
        setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
        close(m_fd);
    }

    std::string m_end = "done";

private:
    bool receivesLittle() const { return m_options.attack != "huge-frame"; }

    // The HTTP head up to the empty line, read byte by byte so that nothing after it is
    // taken off the wire.
    QByteArray readHead()
    {
        QByteArray head;
        char c;
        while (!head.endsWith("\r\n\r\n")) {
            const ssize_t got = recv(m_fd, &c, 1, 0);
            if (got <= 0)
                die("reading the handshake");
            head.append(c);
        }
        return head;
    }

    const Options &m_options;
    QElapsedTimer m_clock;
    int m_fd = -1;
    qint64 m_sent = 0;
};

void hugeFrame(Peer &peer, const Options &options)
{
    const QByteArray header = peer.frameHeader(0x2, options.announce);
    if (!peer.writeAll(header.constData(), header.size()))
        return;
    const QByteArray zeros(256 * 1024, '\0');
    qint64 left = options.stream;
    while (left > 0) {
        const qint64 chunk = std::min<qint64>(left, zeros.size());
        if (!peer.writeAll(zeros.constData(), chunk))
            return;
        left -= chunk;
    }
    peer.idle();
}

void bigAnswers(Peer &peer, const Options &options)
{
    QByteArray burst;
    const QByteArray data(int(options.payload), 'q');
    for (int i = 0; i < options.count; ++i) {
        burst += peer.frame(
            0x2, RawFrames::message(quint64(i + 1), RawFrames::Request, options.route, data));
    }
    if (peer.writeAll(burst.constData(), burst.size()))
        peer.idle();
}

void pingFlood(Peer &peer, const Options &options)
{
    QByteArray pings;
    const QByteArray ping = peer.frame(0x9, QByteArray(125, 'p'));
    while (pings.size() < 64 * 1024)
        pings += ping;
    quint64 number = 0;
    const auto looksAlive = [&] {
        const QByteArray oneway = peer.frame(
            0x2, RawFrames::message(++number, RawFrames::Oneway, options.route, "alive"));
        return peer.writeAll(oneway.constData(), oneway.size());
    };
    // First the other side's kernel send queue fills with pongs, slowly enough that the
    // other side sees its socket write them; then, once that has stopped for good, the
    // flood, whose pongs only the other side's own buffer can take.
    if (!looksAlive())
        return;
    for (int i = 0; i < 32; ++i) {
        if (!peer.writeAll(pings.constData(), pings.size()))
            return;
        usleep(20 * 1000);
    }
    usleep(300 * 1000);
    QElapsedTimer sinceOneway;
    sinceOneway.start();
    for (;;) {
        if (sinceOneway.elapsed() >= 500) {
            sinceOneway.restart();
            if (!looksAlive())
                return;
        }
        if (!peer.writeAll(pings.constData(), pings.size()))
            return;
    }
}

// A bimux Message of about `size` bytes whose metadata has as many entries as fit, each
// as small as a map entry with a distinct key gets: the tag and length of field 9, then
// the key's tag, length and 3 bytes (below 0x80, so UTF-8; distinct for 2^21 entries,
// 14 MiB); the value left out, which reads as empty.
QByteArray metadataFloodMessage(quint64 number, quint64 flag, qint32 route, qint64 size)
{
    QByteArray message = RawFrames::message(number, flag, route, "x");
    constexpr int EntrySize = 7;
    message.reserve(qsizetype(size));
    for (qint64 key = 0; message.size() + EntrySize <= size; ++key) {
        const char entry[EntrySize] = {char((9 << 3) | 2),      5,
                                       char((1 << 3) | 2),      3,
                                       char(key & 0x7f),        char((key >> 7) & 0x7f),
                                       char((key >> 14) & 0x7f)};
        message.append(entry, EntrySize);
    }
    return message;
}

void metadataFlood(Peer &peer, const Options &options)
{
    const quint64 flag = options.flag == "oneway" ? RawFrames::Oneway : RawFrames::Request;
    for (int i = 0; i < options.count; ++i) {
        const QByteArray frame = peer.frame(
            0x2, metadataFloodMessage(quint64(i + 1), flag, options.route, options.size));
        if (!peer.writeAll(frame.constData(), frame.size()))
            return;
    }
    peer.idle();
}

Options parse(int argc, char **argv)
{
    Options options;
    int i = 1;
    if (argc > i)
        options.role = argv[i++];
    if (options.role == "dial" && argc > i)
        options.port = std::atoi(argv[i++]);
    if (argc > i)
        options.attack = argv[i++];
    for (; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        const char *value = argv[i + 1];
        if (name == "--path")
            options.path = value;
        else if (name == "--seconds")
            options.seconds = std::atof(value);
        else if (name == "--announce")
            options.announce = std::atoll(value);
        else if (name == "--stream")
            options.stream = std::atoll(value);
        else if (name == "--route")
            options.route = std::atoi(value);
        else if (name == "--count")
            options.count = std::atoi(value);
        else if (name == "--payload")
            options.payload = std::atoll(value);
        else if (name == "--flag")
            options.flag = value;
        else if (name == "--size")
            options.size = std::atoll(value);
    }
    return options;
}

} // namespace

int main(int argc, char **argv)
{
    const Options options = parse(argc, argv);
    const std::map<std::string, void (*)(Peer &, const Options &)> attacks {
        {"huge-frame", hugeFrame},
        {"big-answers", bigAnswers},
        {"ping-flood", pingFlood},
        {"metadata-flood", metadataFlood}};
    const auto attack = attacks.find(options.attack);
    if ((options.role != "dial" && options.role != "listen") || attack == attacks.end()) {
        std::fprintf(stderr,
                     "usage: hostilepeer dial <port> | listen, then an attack: "
                     "huge-frame, big-answers, ping-flood, metadata-flood (see the source)\n");
        return 2;
    }
    Peer peer(options);
    if (options.role == "dial")
        peer.dial();
    else
        peer.listenAndAccept();
    say("OPEN");
    attack->second(peer, options);
    peer.finish();
    return 0;
}
