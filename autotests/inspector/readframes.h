// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef INSPECTOR_READFRAMES_H
#define INSPECTOR_READFRAMES_H

#include <QBiMuxObserver>

// What a muxer behind the proxy really read: proves that the proxy kept an answer to
// the inspector back from the peer that never asked.
class ReadFrames : public QBiMuxObserver
{
public:
    void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &frame) override
    {
        if (frame.direction == QBiMux::Direction::Incoming)
            frames.append(frame);
    }
    QList<QBiMuxFrameInfo> frames;
};

#endif // INSPECTOR_READFRAMES_H
