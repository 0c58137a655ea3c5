// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FRAMEDETAILVIEW_H
#define FRAMEDETAILVIEW_H

#include "framerecord.h"

#include <QtWidgets/qwidget.h>

#include <optional>

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
class QPushButton;
QT_END_NAMESPACE
class PayloadDecoder;

// The selected frame: its decoded header and a hex/ASCII dump of its payload, with a
// button to the request of a response (or the response of a request).
class FrameDetailView : public QWidget
{
    Q_OBJECT

public:
    explicit FrameDetailView(QWidget *parent = nullptr);

    // Payloads of routes it has a type for are shown decoded too; may be nullptr.
    void setDecoder(const PayloadDecoder *decoder) { m_decoder = decoder; }
    void showFrame(const FrameRecord &frame, bool hasPartner);
    // Nothing selected: no frame shown, the jump disabled.
    void clear();
    // The sequence number of the frame shown, 0 if none.
    quint64 shownSeq() const { return m_shown ? m_shown->seq : 0; }
    bool hasPartner() const { return m_hasPartner; }

    QString headerText() const;
    QString dumpText() const;
    // The decoded payload, empty when not decoded.
    QString decodedText() const;
    QPushButton *partnerButton() const { return m_partner; }

Q_SIGNALS:
    void partnerRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void showDecoded(const FrameRecord &frame);

    QLabel *m_header;
    QPlainTextEdit *m_dump;
    QPushButton *m_partner;
    QLabel *m_decodedTitle;
    QPlainTextEdit *m_decoded;
    const PayloadDecoder *m_decoder = nullptr;
    std::optional<FrameRecord> m_shown;
    bool m_hasPartner = false;
};

#endif // FRAMEDETAILVIEW_H
