#ifndef QBIMUXINSPECTORLINK_H
#define QBIMUXINSPECTORLINK_H

#include "bimuxqt_global.h"

#include <QtCore/qstring.h>

// Publishes the traffic of every QBiMuxer this process creates to a BiMux Inspector
// listening on a local TCP port (docs/inspector.md). Opt-in: call attach() once, or set
// BIMUXQT_INSPECT=127.0.0.1:PORT before the first QBiMuxer is created.
class BIMUXQT_EXPORT QBiMuxInspectorLink
{
public:
    static constexpr quint16 DefaultPort = 7631;

    // Muxers created from now on publish their connections and frames to host:port.
    // Returns false if already attached (to any address). Never blocks.
    static bool attach(const QString &host = QStringLiteral("127.0.0.1"),
                       quint16 port = DefaultPort);
    static bool isAttached();
    // Events dropped because the inspector was slow, absent or the queue was full.
    static quint64 droppedEventCount();

private:
    QBiMuxInspectorLink() = delete;
};

#endif // QBIMUXINSPECTORLINK_H
