// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "serverprocess.h"

#include "benchutil.h"
#include "muxbench.h"
#include "rawecho.h"
#include "servercounters.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qsocketnotifier.h>

#include <unistd.h>

#include <cstdio>
#include <memory>

namespace {
constexpr int StartTimeoutMs = 10000;
// Under a profiler the server starts and stops many times slower.
constexpr int WrappedTimeoutMs = 300000;
} // namespace

QString implArgument(Impl impl)
{
    return impl == Impl::Mux ? QStringLiteral("mux") : QStringLiteral("raw");
}

Impl implFromArgument(const QString &argument)
{
    return argument == QLatin1String("raw") ? Impl::Raw : Impl::Mux;
}

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(const ServerConfig &config, int cpu, QString *error)
{
    QStringList arguments {
        QStringLiteral("--serve"),   implArgument(config.impl),
        QStringLiteral("--workers"), QString::number(config.workerThreads),
        QStringLiteral("--work"),    QString::number(config.workRounds),
    };
    if (config.observed)
        arguments << QStringLiteral("--observer");
    if (config.intercepted)
        arguments << QStringLiteral("--interceptor");
    if (config.keepHeap)
        arguments << QStringLiteral("--keep-heap");
    QString program = QCoreApplication::applicationFilePath();
    const QString wrapper = qEnvironmentVariable("BIMUXQT_BENCH_SERVER_WRAPPER");
    m_wrapped = !wrapper.isEmpty();
    if (m_wrapped) {
        QStringList words = QProcess::splitCommand(wrapper);
        arguments.prepend(program);
        program = words.takeFirst();
        arguments = words + arguments;
    }
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // Between fork and exec, so a wrapper (a profiler) is pinned along with the server.
    m_process.setChildProcessModifier([cpu] {
        if (cpu >= 0)
            BenchUtil::pinToCpu(cpu);
    });
    m_process.start(program, arguments);
    const int timeout = m_wrapped ? WrappedTimeoutMs : StartTimeoutMs;
    if (!m_process.waitForStarted(timeout)) {
        *error = QStringLiteral("cannot start the server: ") + m_process.errorString();
        return false;
    }
    QByteArray line;
    while (!line.endsWith('\n')) {
        if (!m_process.waitForReadyRead(timeout)) {
            *error = QStringLiteral("the server did not say its port");
            return false;
        }
        line += m_process.readLine();
    }
    if (!line.startsWith("PORT ")) {
        *error = QStringLiteral("the server said ") + QString::fromUtf8(line.trimmed());
        return false;
    }
    m_port = quint16(line.mid(5).trimmed().toUInt());
    return m_port != 0;
}

void ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(m_wrapped ? WrappedTimeoutMs : StartTimeoutMs)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

QUrl ServerProcess::url(const QString &path) const
{
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(path);
    return url;
}

int runServer(const ServerConfig &config)
{
    BenchUtil::raiseFileLimit();
    ServerCounters counters;
    std::unique_ptr<MuxBenchServer> mux;
    std::unique_ptr<RawEchoServer> raw;
    quint16 port = 0;
    if (config.impl == Impl::Mux) {
        mux = std::make_unique<MuxBenchServer>(config, &counters);
        if (mux->listen())
            port = mux->port();
    } else {
        raw = std::make_unique<RawEchoServer>(config, &counters);
        if (raw->listen())
            port = raw->port();
    }
    if (!port) {
        std::printf("ERROR cannot listen\n");
        std::fflush(stdout);
        return 1;
    }
    std::printf("PORT %u\n", unsigned(port));
    std::fflush(stdout);

    // The client ends the server by closing its stdin.
    QSocketNotifier stdinNotifier(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinNotifier, &QSocketNotifier::activated, [&stdinNotifier] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            stdinNotifier.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    const int code = QCoreApplication::exec();
    mux.reset();
    raw.reset();
    return code;
}
