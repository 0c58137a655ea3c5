// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef PROXYDIALOG_H
#define PROXYDIALOG_H

#include <QtCore/qurl.h>
#include <QtWidgets/qdialog.h>

#include <functional>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

// Asks where the proxy listens (a local port) and where it forwards to (a ws:// or wss://
// URL, required: OK stays disabled until it is one). Starts the proxy itself when OK is
// pressed, through the starter given, and stays open with the values and the reason when
// that fails. The values start as last time's (InspectorSettings) and are remembered
// when the proxy starts.
class ProxyDialog : public QDialog
{
    Q_OBJECT

public:
    // Starts the proxy; false and `error` set when it cannot.
    using Starter = std::function<bool(quint16 port, const QUrl &upstream, QString *error)>;

    explicit ProxyDialog(QWidget *parent = nullptr);

    quint16 port() const;
    void setPort(quint16 port);
    // The URL typed, or an empty URL if it is not a ws:// or wss:// URL with a host.
    QUrl upstream() const;
    void setUpstream(const QUrl &url);
    void setStarter(Starter starter) { m_starter = std::move(starter); }

    QLineEdit *upstreamEdit() const { return m_upstream; }
    QSpinBox *portBox() const { return m_port; }
    QPushButton *okButton() const;
    QLabel *messageLabel() const { return m_message; }

    void accept() override;

private:
    void validate();

    QSpinBox *m_port;
    QLineEdit *m_upstream;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    Starter m_starter;
};

#endif // PROXYDIALOG_H
