// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "report.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qsocketnotifier.h>

#include <csignal>
#include <cstdio>

#include <sys/socket.h>
#include <unistd.h>

namespace {

QString kindFlag(QBiMuxForward::Kind kind)
{
    return kind == QBiMuxForward::Kind::Local ? QStringLiteral("-L") : QStringLiteral("-R");
}

QString describe(const QBiMuxTunnelConnectionInfo &info)
{
    QString text = QStringLiteral("#%1 %2").arg(info.id).arg(kindFlag(info.kind));
    if (!info.link.isEmpty())
        text += QStringLiteral(" [%1]").arg(info.link);
    return text
        + QStringLiteral(" %1 -> %2")
              .arg(info.origin.isEmpty() ? QStringLiteral("?") : info.origin, info.target);
}

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe calls here: the event loop does the rest.
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[1], &byte, 1);
}

} // namespace

void Report::line(const QString &text)
{
    const QByteArray out = QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz")).toUtf8()
        + ' ' + text.toUtf8() + '\n';
    std::fwrite(out.constData(), 1, size_t(out.size()), stderr);
    std::fflush(stderr);
}

QString Report::bytes(qint64 count)
{
    if (count < 1024)
        return QStringLiteral("%1 B").arg(count);
    if (count < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(count) / 1024, 0, 'f', 1);
    if (count < 1024LL * 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(double(count) / (1024 * 1024), 0, 'f', 1);
    return QStringLiteral("%1 GiB").arg(double(count) / (1024.0 * 1024 * 1024), 0, 'f', 2);
}

void Report::connectionOpened(const QBiMuxTunnelConnectionInfo &info)
{
    line(describe(info) + QStringLiteral(" opened"));
}

void Report::connectionFinished(const QBiMuxTunnelConnectionInfo &info)
{
    const QString how = info.status.isOk()
        ? QStringLiteral("closed")
        : QStringLiteral("failed (%1%2: %3)")
              .arg(QBiMux::statusCodeName(info.status.code()),
                   info.status.isRemote() ? QStringLiteral(", from the other end") : QString(),
                   info.status.message());
    line(describe(info)
         + QStringLiteral(" %1 after %2 s: %3 to the target, %4 back")
               .arg(how)
               .arg(double(info.duration.count()) / 1000.0, 0, 'f', 3)
               .arg(bytes(info.bytesToTarget), bytes(info.bytesFromTarget)));
}

QString Report::forward(const QBiMuxForward &forward)
{
    return kindFlag(forward.kind()) + QLatin1Char(' ') + forward.toString();
}

void Report::quitOnSignals()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalPipe) != 0)
        return;
    auto *notifier
        = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, QCoreApplication::instance(), [] {
        line(QStringLiteral("signal received, closing"));
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}
