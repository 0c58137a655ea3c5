// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "proxydialog.h"

#include "inspectorsettings.h"

#include <QtWidgets/qdialogbuttonbox.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>

ProxyDialog::ProxyDialog(QWidget *parent)
    : QDialog(parent)
    , m_port(new QSpinBox(this))
    , m_upstream(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Start Proxy"));
    const InspectorSettings settings;
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setValue(settings.proxyPort());
    // A hint, not a value: OK stays disabled until a URL is typed.
    m_upstream->setPlaceholderText(tr("required: the server's ws:// or wss:// URL"));
    m_upstream->setText(settings.upstream().toString());
    m_upstream->setClearButtonEnabled(true);
    m_message->setWordWrap(true);
    connect(m_upstream, &QLineEdit::textChanged, this, &ProxyDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ProxyDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout(this);
    auto *note = new QLabel(tr("Clients dial the proxy on 127.0.0.1 instead of the server; the "
                               "proxy forwards every message and shows it."),
                            this);
    note->setWordWrap(true);
    form->addRow(note);
    form->addRow(tr("Listen on port:"), m_port);
    form->addRow(tr("Forward to:"), m_upstream);
    form->addRow(m_message);
    form->addRow(m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);
    validate();
}

QPushButton *ProxyDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

quint16 ProxyDialog::port() const
{
    return quint16(m_port->value());
}

void ProxyDialog::setPort(quint16 port)
{
    m_port->setValue(port);
}

QUrl ProxyDialog::upstream() const
{
    const QString text = m_upstream->text().trimmed();
    const QUrl url(text, QUrl::StrictMode);
    if (text.isEmpty() || !url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")))
        return QUrl();
    return url;
}

void ProxyDialog::setUpstream(const QUrl &url)
{
    m_upstream->setText(url.toString());
}

void ProxyDialog::validate()
{
    const bool ok = !upstream().isEmpty();
    okButton()->setEnabled(ok);
    m_message->setStyleSheet(QString());
    m_message->setText(ok || m_upstream->text().trimmed().isEmpty()
                           ? QString()
                           : tr("Not a ws:// or wss:// URL with a host, like "
                                "ws://127.0.0.1:12000/mux."));
}

void ProxyDialog::accept()
{
    const QUrl url = upstream();
    if (url.isEmpty())
        return;
    QString error;
    if (m_starter && !m_starter(port(), url, &error)) {
        // The values stay, with the reason: the user changes the port or the URL.
        m_message->setStyleSheet(QStringLiteral("color: #c02020"));
        m_message->setText(error);
        return;
    }
    InspectorSettings settings;
    settings.setProxyPort(port());
    settings.setUpstream(url);
    QDialog::accept();
}
