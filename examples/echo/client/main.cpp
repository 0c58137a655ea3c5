// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// Echo client: dials the echo server, calls route 1 a few times, prints the answers
// and exits; 0 if every answer matched what was sent.
//
//   echo-client [--url ws://127.0.0.1:12000/mux] [--count 3]

#include <QBiMuxError>
#include <QBiMuxer>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

using namespace std::chrono_literals;

class EchoClient : public QObject
{
    Q_OBJECT

public:
    EchoClient(const QUrl &url, int count)
        : m_url(url)
        , m_count(count)
    { }

    void start()
    {
        // The server may still be starting: keep dialing for a while, as a real client
        // would after a network glitch.
        m_dialDeadline.setRemainingTime(10s);
        dial();
    }

private:
    static constexpr qint32 EchoRoute = 1;

    static void say(const QString &text) { qInfo().noquote() << "[echo-client]" << text; }

    void dial()
    {
        // A QBiMuxer opens once; every attempt gets a fresh one.
        m_muxer = new QBiMuxer(this);
        connect(m_muxer, &QBiMuxer::connected, this, [this] {
            m_wasConnected = true;
            say(tr("connected to %1").arg(m_url.toString()));
            callNext(1);
        });
        connect(m_muxer, &QBiMuxer::disconnected, this,
                [this, muxer = m_muxer](QWebSocketProtocol::CloseCode, const QString &reason) {
                    muxer->deleteLater();
                    if (m_finishing) {
                        QCoreApplication::exit(m_failed ? 1 : 0);
                    } else if (!m_wasConnected && !m_dialDeadline.hasExpired()) {
                        QTimer::singleShot(200ms, this, &EchoClient::dial);
                    } else {
                        say(m_wasConnected
                                ? tr("connection lost: %1").arg(reason)
                                : tr("cannot reach %1: %2").arg(m_url.toString(), reason));
                        QCoreApplication::exit(1);
                    }
                });
        m_muxer->open(m_url);
    }

    // One call at a time, so that the output reads in order.
    void callNext(int i)
    {
        if (i > m_count) {
            m_finishing = true;
            m_muxer->close(QWebSocketProtocol::CloseCodeNormal, tr("done"));
            return;
        }
        const QByteArray payload = "hello " + QByteArray::number(i);
        m_muxer->rpc(EchoRoute, payload, QBiMuxCallOptions().setTimeout(5s))
            .then(this,
                  [this, i, payload](const QByteArray &reply) {
                      say(tr("sent \"%1\", got \"%2\"")
                              .arg(QString::fromUtf8(payload), QString::fromUtf8(reply)));
                      m_failed = m_failed || reply != payload;
                      callNext(i + 1);
                  })
            .onFailed(this, [this](const QBiMuxError &error) {
                say(tr("call failed: %1").arg(QString::fromUtf8(error.what())));
                m_failed = true;
                callNext(m_count + 1);
            });
    }

    const QUrl m_url;
    const int m_count;
    QBiMuxer *m_muxer = nullptr;
    QDeadlineTimer m_dialDeadline;
    bool m_wasConnected = false;
    bool m_finishing = false;
    bool m_failed = false;
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("echo-client"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("EchoClient", "Calls the echo server's route 1."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(
        QStringLiteral("url"), QCoreApplication::translate("EchoClient", "Server to dial."),
        QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:12000/mux"));
    const QCommandLineOption countOption(
        QStringLiteral("count"), QCoreApplication::translate("EchoClient", "Calls to make."),
        QStringLiteral("count"), QStringLiteral("3"));
    parser.addOptions({urlOption, countOption});
    parser.process(app);

    EchoClient client(QUrl(parser.value(urlOption)), parser.value(countOption).toInt());
    client.start();
    return app.exec();
}

#include "main.moc"
