// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef OBSERVERTAP_H
#define OBSERVERTAP_H

#include <QBiMuxObserver>
#include <QtCore/qhash.h>
#include <QtCore/qpointer.h>

class InspectorSession;

// Feeds the session from muxers of the inspector's own process (the composer's client,
// the demo traffic) through the library's observation API. Muxers must live in the
// session's thread.
class ObserverTap : public QBiMuxObserver
{
public:
    ObserverTap(InspectorSession *session, const QString &source);
    ~ObserverTap() override;

    void frameEvent(QBiMuxer *muxer, const QBiMuxFrameInfo &frame) override;
    void connectionOpened(QBiMuxer *muxer) override;
    void connectionClosed(QBiMuxer *muxer, QWebSocketProtocol::CloseCode code,
                          const QString &reason) override;

    // The session's key for `muxer`'s connection, 0 before its first event.
    int connectionKey(QBiMuxer *muxer) const { return m_keys.value(muxer); }

private:
    int keyFor(QBiMuxer *muxer);

    QPointer<InspectorSession> m_session;
    QString m_source;
    QHash<QBiMuxer *, int> m_keys;
};

#endif // OBSERVERTAP_H
