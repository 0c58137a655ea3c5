// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "capturefile.h"

#include "inspectorlogging.h"
#include "inspectorsession.h"
#include "payloadformat.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qset.h>

namespace {
const QString FormatName = QStringLiteral("bimux-inspector-capture");
const std::pair<quint8, const char *> FaultNames[] = {{FrameRecord::Delayed, "delayed"},
                                                      {FrameRecord::Dropped, "dropped"},
                                                      {FrameRecord::Corrupted, "corrupted"},
                                                      {FrameRecord::Cut, "cut"}};

// lupdate needs a class for the context; the namespace has none.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(CaptureFile)
};

bool setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

std::optional<QBiMux::FrameFlag> flagFromName(const QString &name)
{
    for (int f = 0; f <= int(QBiMux::FrameFlag::StreamClose); ++f) {
        if (FrameNames::flagName(QBiMux::FrameFlag(f)) == name)
            return QBiMux::FrameFlag(f);
    }
    return std::nullopt;
}

QByteArray line(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QJsonObject connectionToJson(const ConnectionRecord &c)
{
    QJsonObject o;
    o[QStringLiteral("type")] = QStringLiteral("connection");
    o[QStringLiteral("conn")] = c.key;
    o[QStringLiteral("source")] = c.source;
    o[QStringLiteral("id")] = c.id;
    o[QStringLiteral("peer")] = c.peer;
    o[QStringLiteral("openedMs")] = double(c.openedMs);
    if (c.state == ConnectionRecord::State::Closed) {
        o[QStringLiteral("closedMs")] = double(c.closedMs);
        o[QStringLiteral("closeCode")] = c.closeCode;
        o[QStringLiteral("closeReason")] = c.closeReason;
    }
    return o;
}

bool connectionFromJson(const QJsonObject &o, ConnectionRecord *c)
{
    const QJsonValue key = o.value(QStringLiteral("conn"));
    if (!key.isDouble() || key.toInt() <= 0)
        return false;
    c->key = key.toInt();
    c->source = o.value(QStringLiteral("source")).toString();
    c->id = o.value(QStringLiteral("id")).toString();
    c->peer = o.value(QStringLiteral("peer")).toString();
    c->openedMs = qint64(o.value(QStringLiteral("openedMs")).toDouble());
    c->state = ConnectionRecord::State::Open;
    if (o.contains(QStringLiteral("closedMs"))) {
        c->state = ConnectionRecord::State::Closed;
        c->closedMs = qint64(o.value(QStringLiteral("closedMs")).toDouble());
        c->closeCode = o.value(QStringLiteral("closeCode")).toInt();
        c->closeReason = o.value(QStringLiteral("closeReason")).toString();
    }
    return true;
}
} // namespace

QJsonObject CaptureFile::frameToJson(const FrameRecord &f)
{
    QJsonObject o;
    o[QStringLiteral("type")] = QStringLiteral("frame");
    o[QStringLiteral("conn")] = f.connection;
    o[QStringLiteral("timeMs")] = double(f.timestampMs);
    o[QStringLiteral("monoNs")] = double(f.monoNs); // exact up to 2^53 ns, 104 days
    o[QStringLiteral("dir")] = FrameNames::directionName(f.direction);
    o[QStringLiteral("flag")]
        = f.malformed ? QStringLiteral("malformed") : FrameNames::flagName(f.flag);
    o[QStringLiteral("number")] = QString::number(f.number); // uint64: a string, as proto3 JSON
    o[QStringLiteral("route")] = f.route;
    o[QStringLiteral("size")] = double(f.wireSize);
    if (f.isTruncated())
        o[QStringLiteral("payloadSize")] = double(f.payloadSize);
    if (f.status != QBiMux::StatusCode::Ok) {
        o[QStringLiteral("status")] = int(f.status);
        o[QStringLiteral("error")] = f.errorMessage;
    } else if (f.malformed) {
        o[QStringLiteral("error")] = f.errorMessage;
    }
    if (f.timeoutMs)
        o[QStringLiteral("timeoutMs")] = double(f.timeoutMs);
    if (f.window)
        o[QStringLiteral("window")] = double(f.window);
    if (f.fromAcceptor)
        o[QStringLiteral("fromAcceptor")] = true;
    if (f.injected)
        o[QStringLiteral("injected")] = true;
    if (f.faults) {
        QJsonArray faults;
        for (const auto &[bit, name] : FaultNames) {
            if (f.faults & bit)
                faults.append(QLatin1String(name));
        }
        o[QStringLiteral("faults")] = faults;
        if (f.faults & FrameRecord::Delayed)
            o[QStringLiteral("delayMs")] = double(f.faultDelayMs);
    }
    o[QStringLiteral("data")] = QString::fromLatin1(f.payload.toBase64());
    return o;
}

bool CaptureFile::frameFromJson(const QJsonObject &o, FrameRecord *f)
{
    const QString flag = o.value(QStringLiteral("flag")).toString();
    if (flag == QLatin1String("malformed")) {
        f->malformed = true;
    } else if (const auto parsed = flagFromName(flag)) {
        f->flag = *parsed;
    } else {
        return false;
    }
    const QString dir = o.value(QStringLiteral("dir")).toString();
    if (dir != QLatin1String("in") && dir != QLatin1String("out"))
        return false;
    f->direction
        = dir == QLatin1String("in") ? QBiMux::Direction::Incoming : QBiMux::Direction::Outgoing;
    bool ok = false;
    f->number = o.value(QStringLiteral("number")).toString().toULongLong(&ok);
    if (!ok)
        return false;
    f->connection = o.value(QStringLiteral("conn")).toInt();
    f->timestampMs = qint64(o.value(QStringLiteral("timeMs")).toDouble());
    f->monoNs = qint64(o.value(QStringLiteral("monoNs")).toDouble());
    f->route = o.value(QStringLiteral("route")).toInt();
    f->wireSize = qint64(o.value(QStringLiteral("size")).toDouble());
    f->status = QBiMux::StatusCode(o.value(QStringLiteral("status")).toInt());
    f->errorMessage = o.value(QStringLiteral("error")).toString();
    f->timeoutMs = quint32(o.value(QStringLiteral("timeoutMs")).toDouble());
    f->window = quint32(o.value(QStringLiteral("window")).toDouble());
    f->fromAcceptor = o.value(QStringLiteral("fromAcceptor")).toBool();
    f->injected = o.value(QStringLiteral("injected")).toBool();
    const QJsonArray faults = o.value(QStringLiteral("faults")).toArray();
    for (const QJsonValue &fault : faults) {
        for (const auto &[bit, name] : FaultNames) {
            if (fault.toString() == QLatin1String(name))
                f->faults |= bit;
        }
    }
    f->faultDelayMs = quint32(o.value(QStringLiteral("delayMs")).toDouble());
    f->payload = QByteArray::fromBase64(o.value(QStringLiteral("data")).toString().toLatin1());
    f->payloadSize = qMax<qint64>(f->payload.size(),
                                  qint64(o.value(QStringLiteral("payloadSize")).toDouble()));
    return true;
}

bool CaptureFile::save(const QString &path, InspectorSession *session, QString *error)
{
    session->flush();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return setError(error, file.errorString());
    QJsonObject header;
    header[QStringLiteral("format")] = FormatName;
    header[QStringLiteral("version")] = Version;
    header[QStringLiteral("created")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    file.write(line(header));
    for (const ConnectionRecord &c : session->connections()->records())
        file.write(line(connectionToJson(c)));
    const QHash<qint32, QString> names = session->routes()->routeNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        if (it.value().isEmpty())
            continue;
        QJsonObject o;
        o[QStringLiteral("type")] = QStringLiteral("route");
        o[QStringLiteral("route")] = it.key();
        o[QStringLiteral("name")] = it.value();
        file.write(line(o));
    }
    const FrameStore &store = session->frames()->store();
    for (int i = 0; i < store.size(); ++i)
        file.write(line(frameToJson(store.at(i))));
    if (!file.commit())
        return setError(error, file.errorString());
    qCInfo(lcCapture) << "saved" << store.size() << "frames to" << path;
    return true;
}

bool CaptureFile::read(const QString &path, Capture *capture, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return setError(error, file.errorString());
    int lineNumber = 0;
    bool blank = false;
    auto readObject = [&](QJsonObject *object) {
        ++lineNumber;
        const QByteArray text = file.readLine();
        blank = text.trimmed().isEmpty();
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
        *object = doc.object();
        return parseError.error == QJsonParseError::NoError && doc.isObject();
    };
    QJsonObject header;
    if (!readObject(&header) || header.value(QStringLiteral("format")).toString() != FormatName)
        return setError(error, Text::tr("not a BiMux Inspector capture file"));
    if (header.value(QStringLiteral("version")).toInt() > Version)
        return setError(error,
                        Text::tr("capture file version %1 is newer than this inspector")
                            .arg(header.value(QStringLiteral("version")).toInt()));
    Capture read;
    read.createdMs = QDateTime::fromString(header.value(QStringLiteral("created")).toString(),
                                           Qt::ISODateWithMs)
                         .toMSecsSinceEpoch();
    QSet<int> keys;
    while (!file.atEnd()) {
        QJsonObject o;
        if (!readObject(&o)) {
            if (blank)
                continue; // empty lines are allowed, as in most JSON lines readers
            return setError(error, Text::tr("line %1 is not a JSON object").arg(lineNumber));
        }
        const QString type = o.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("connection")) {
            ConnectionRecord c;
            if (!connectionFromJson(o, &c))
                return setError(error, Text::tr("line %1 is not a connection").arg(lineNumber));
            if (keys.contains(c.key))
                return setError(
                    error,
                    Text::tr("line %1: connection %2 appears twice").arg(lineNumber).arg(c.key));
            keys.insert(c.key);
            read.connections.append(c);
        } else if (type == QLatin1String("frame")) {
            FrameRecord frame;
            if (!frameFromJson(o, &frame))
                return setError(error, Text::tr("line %1 is not a frame").arg(lineNumber));
            if (!keys.contains(frame.connection))
                return setError(
                    error, Text::tr("line %1: frame of an unknown connection").arg(lineNumber));
            read.frames.push_back(std::move(frame));
        } else if (type == QLatin1String("route")) {
            read.routeNames.insert(o.value(QStringLiteral("route")).toInt(),
                                   o.value(QStringLiteral("name")).toString());
        } // other types: from a newer inspector, skipped
    }
    if (!read.createdMs && !read.frames.empty())
        read.createdMs = read.frames.back().timestampMs;
    *capture = std::move(read);
    return true;
}

void CaptureFile::apply(Capture &&capture, InspectorSession *session)
{
    Q_ASSERT(session->connections()->rowCount() == 0);
    FrameModel *frames = session->frames();
    // All of the file is shown, however many frames it has.
    if (int(capture.frames.size()) > frames->frameLimit())
        frames->setFrameLimit(int(capture.frames.size()));
    for (const ConnectionRecord &c : std::as_const(capture.connections))
        session->addConnection(c);
    for (auto it = capture.routeNames.cbegin(); it != capture.routeNames.cend(); ++it)
        session->routes()->setRouteName(it.key(), it.value());
    for (FrameRecord &frame : capture.frames)
        session->addFrame(std::move(frame));
    // The requests of connections that closed before the save were never answered:
    // they are not in flight.
    qint64 endMs = capture.createdMs;
    for (const ConnectionRecord &c : std::as_const(capture.connections)) {
        endMs = qMax(endMs, qMax(c.openedMs, c.closedMs));
        if (c.state == ConnectionRecord::State::Closed)
            session->inflight()->finishConnection(c.key);
    }
    session->setCaptureEnd(qMax<qint64>(1, endMs));
    session->flush();
    session->routes()->refresh();
    session->connections()->refresh();
}

bool CaptureFile::load(const QString &path, InspectorSession *session, QString *error)
{
    Capture capture;
    if (!read(path, &capture, error))
        return false;
    apply(std::move(capture), session);
    qCInfo(lcCapture) << "loaded" << path;
    return true;
}

bool CaptureFile::exportFrames(const QString &path, const QList<FrameRecord> &frames,
                               QString *error)
{
    QJsonArray array;
    for (const FrameRecord &f : frames) {
        QJsonObject o = frameToJson(f);
        o.remove(QStringLiteral("type"));
        o[QStringLiteral("hex")] = QString::fromLatin1(f.payload.toHex(' '));
        o[QStringLiteral("text")] = PayloadFormat::printable(f.payload, int(f.payload.size()));
        array.append(o);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return setError(error, file.errorString());
    file.write(QJsonDocument(array).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return setError(error, file.errorString());
    return true;
}
