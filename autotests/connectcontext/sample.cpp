// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// Input for tst_connectcontext.py, never compiled: each line that tools/check-connect-
// context.py must report ends with the marker comment "// flagged"; no other line may be
// reported. connect(a, b, [] {}) in a comment is not code.

QMetaObject::Connection connect(const QObject *sender, const char *signal, QObject *receiver);

void Sample::run()
{
    connect(timer, &QTimer::timeout, [this] { tick(); }); // flagged
    QObject::connect(timer, &QTimer::timeout, this, [this] { tick(); });
    QObject::connect(socket, &QTcpSocket::readyRead, handler); // flagged
    QObject::connect( // flagged
        socket, qOverload<QAbstractSocket::SocketError>(&QTcpSocket::errorOccurred),
        [this, socket](QAbstractSocket::SocketError error) {
            report(socket, error, QStringLiteral("a, b, c"));
        });
    QObject::connect(socket, qOverload<int, bool>(&Thing::changed), this,
                     [](int a, bool b) { use(a, b); });
    QObject::connect(socket, qOverload<int, bool>(&Thing::changed), [](int, bool) {}); // flagged
    connect(button, SIGNAL(clicked()), SLOT(accept()));
    QObject::connect(button, &QPushButton::clicked, this, &Sample::accept, Qt::QueuedConnection);
    disconnect(button, &QPushButton::clicked, handler);
    log("connect(a, b, c) in a string is not code");
    log(R"(connect(a, b, [] {}) in a raw string is not code)");
    log('(');
    connect(a, &A::done, this, [this] {
        connect(b, &B::done, [] {}); // flagged
        if (x < y && y > 1'000)
            connect(c, &C::done, c, [] {});
    });
    QTimer::singleShot(0, [this] { start(); }); // flagged
    QTimer::singleShot(0, this, [this] { start(); });
    QTimer::singleShot(std::chrono::seconds(1), Qt::PreciseTimer, [] {}); // flagged
    QTimer::singleShot(10, this, SLOT(start()));
    timer->callOnTimeout([this] { tick(); }); // flagged
    timer->callOnTimeout(this, [this] { tick(); });
    connectToHost(a, b, c);
    pair.connect();
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
        ::connect(fd, address, length);
}
