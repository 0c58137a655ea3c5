#include "proxydialog.h"

#include <QtWidgets/qdialogbuttonbox.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qspinbox.h>

ProxyDialog::ProxyDialog(QWidget *parent)
    : QDialog(parent)
    , m_port(new QSpinBox(this))
    , m_upstream(new QLineEdit(this))
{
    setWindowTitle(tr("Start Proxy"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setValue(12001);
    m_upstream->setPlaceholderText(tr("ws://127.0.0.1:12000/mux"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout(this);
    auto *note = new QLabel(tr("Clients dial the proxy on 127.0.0.1 instead of the server; the "
                               "proxy forwards every message and shows it."),
                            this);
    note->setWordWrap(true);
    form->addRow(note);
    form->addRow(tr("Listen on port:"), m_port);
    form->addRow(tr("Forward to:"), m_upstream);
    form->addRow(buttons);
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
    return QUrl::fromUserInput(m_upstream->text().trimmed());
}

void ProxyDialog::setUpstream(const QUrl &url)
{
    m_upstream->setText(url.toString());
}
