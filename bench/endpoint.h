// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef ENDPOINT_H
#define ENDPOINT_H

#include <QtCore/qbytearray.h>
#include <QtCore/qobject.h>

#include <functional>

// One connection as the load generators see it, so that the same load runs over BiMuxQt
// and over a raw QWebSocket (rawecho.h, muxbench.h), and on either side of the link.
class Endpoint : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(bool ok)>;
    using Reply = std::function<void(bool ok, const QByteArray &reply)>;

    using QObject::QObject;

    virtual bool isOpen() const = 0;
    // A call whose answer echoes `payload`; `done` runs in this endpoint's thread.
    virtual void call(const QByteArray &payload, Done done) = 0;
    virtual bool sendOneway(const QByteArray &payload) = 0;
    // What the socket has not written yet, for the oneway sender's flow control.
    virtual qint64 bytesToWrite() const = 0;
    // A command to the bench server ("reset", "stats", "reverse ..."), answered in JSON.
    virtual void control(const QByteArray &command, Reply reply) = 0;

Q_SIGNALS:
    void opened();
    void failed(const QString &error);
};

#endif // ENDPOINT_H
