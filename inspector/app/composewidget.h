// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef COMPOSEWIDGET_H
#define COMPOSEWIDGET_H

#include <QtCore/qurl.h>
#include <QtWidgets/qwidget.h>

class Composer;
struct FrameRecord;
QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
QT_END_NAMESPACE

// Sends a oneway message or a call, with a text or hex payload, and shows what came
// back: from the inspector's own muxer (which dials a URL), or injected into one of the
// proxy's connections toward its server or its client. Laid out in three columns (the
// form, the payload, the log), for a tab under the frames.
class ComposeWidget : public QWidget
{
    Q_OBJECT

public:
    enum Kind { Rpc, Oneway };
    enum Format { Text, Hex };

    explicit ComposeWidget(Composer *composer, QWidget *parent = nullptr);

    QComboBox *targetBox() const { return m_target; }
    QComboBox *sideBox() const { return m_side; }
    QLineEdit *urlEdit() const { return m_url; }
    QPushButton *connectButton() const { return m_connect; }
    QComboBox *kindBox() const { return m_kind; }
    QComboBox *formatBox() const { return m_format; }
    QSpinBox *routeBox() const { return m_route; }
    QSpinBox *timeoutBox() const { return m_timeout; }
    QPlainTextEdit *payloadEdit() const { return m_payload; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPlainTextEdit *resultView() const { return m_result; }

    // Fills the form from a frame seen (Replay): kind, route, payload (as text when it is
    // printable, else hex), timeout, and the target it can be sent to again. False if it
    // cannot be (Composer::replayTarget()).
    bool loadFrame(const FrameRecord &frame);
    // loadFrame() and send.
    bool replay(const FrameRecord &frame);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void send();
    void refreshTargets();
    void applyTarget();
    void updateState();
    void appendResult(const QString &line);

    Composer *m_composer;
    QComboBox *m_target;
    QComboBox *m_side;
    QLineEdit *m_url;
    QPushButton *m_connect;
    QComboBox *m_kind;
    QComboBox *m_format;
    QSpinBox *m_route;
    QSpinBox *m_timeout;
    QPlainTextEdit *m_payload;
    QPushButton *m_send;
    QPushButton *m_cancel;
    QPlainTextEdit *m_result;
    QList<QLabel *> m_labels;
    QUrl m_dialed;
};

#endif // COMPOSEWIDGET_H
