// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef SERVERPROCESS_H
#define SERVERPROCESS_H

#include <QtCore/qprocess.h>
#include <QtCore/qurl.h>

// The kind of bench server: BiMuxQt's QBiMuxServer or the raw QWebSocketServer echo.
enum class Impl { Mux, Raw };

// "mux" or "raw", as the child processes' command lines (--serve, --measure-impl) say it.
QString implArgument(Impl impl);
Impl implFromArgument(const QString &argument);

// What the server process serves, and how: its --serve, --workers, --observer,
// --interceptor, --work and --keep-heap options.
struct ServerConfig
{
    Impl impl = Impl::Mux;
    int workerThreads = 0; // 0 keeps everything in the main thread
    bool observed = false; // a no-op observer (BiMuxQt only)
    bool intercepted = false; // an empty interceptor (BiMuxQt only)
    // BenchUtil::spendCpu() rounds per echoed call, the same in both servers: a handler
    // that does work of its own, as a server with worker threads is for.
    int workRounds = 0;
    bool keepHeap = false; // BenchUtil::keepHeap()
};

// The server's own process (`bimuxqt-bench --serve ...`), so that client and server
// never share a CPU's caches, an event loop or an allocator. The server prints
// "PORT <n>" once it listens and ends when its stdin closes, cleanly, so that a
// profiler wrapped around it (BIMUXQT_BENCH_SERVER_WRAPPER, e.g. "valgrind
// --tool=callgrind") writes its output.
class ServerProcess
{
public:
    ~ServerProcess();

    // `cpu` >= 0 pins the server to that CPU.
    bool start(const ServerConfig &config, int cpu, QString *error);
    void stop();

    qint64 pid() const { return m_process.processId(); }
    quint16 port() const { return m_port; }
    QUrl url(const QString &path) const;

private:
    QProcess m_process;
    quint16 m_port = 0;
    bool m_wrapped = false;
};

// The --serve mode: runs a server until stdin closes. Returns the exit code.
int runServer(const ServerConfig &config);

#endif // SERVERPROCESS_H
