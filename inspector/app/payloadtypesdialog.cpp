// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "payloadtypesdialog.h"

#include "payloaddecoder.h"

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qdialogbuttonbox.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>

PayloadTypesDialog::PayloadTypesDialog(PayloadDecoder *decoder, qint32 route, QWidget *parent)
    : QDialog(parent)
    , m_decoder(decoder)
    , m_file(new QLineEdit(this))
    , m_route(new QSpinBox(this))
    , m_requestType(new QComboBox(this))
    , m_responseType(new QComboBox(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Decode Payloads"));
    if (!decoder->loadedFiles().isEmpty())
        m_file->setText(decoder->loadedFiles().constLast());
    m_file->setPlaceholderText(tr("messages.proto"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Protocol Buffers File"), QString(), tr("Protocol Buffers (*.proto)"));
        if (!path.isEmpty()) {
            m_file->setText(path);
            loadFile();
        }
    });
    connect(m_file, &QLineEdit::editingFinished, this, [this] {
        if (!m_file->text().isEmpty() && !m_decoder->loadedFiles().contains(m_file->text()))
            loadFile();
    });
    m_route->setRange(std::numeric_limits<qint32>::min(), std::numeric_limits<qint32>::max());
    m_route->setValue(route);
    for (QComboBox *box : {m_requestType, m_responseType}) {
        box->setEditable(true);
        box->setMinimumContentsLength(24);
    }
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c02020"));
    m_error->hide();

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PayloadTypesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout(this);
    form->addRow(tr(".proto file:"), fileRow);
    form->addRow(tr("Route:"), m_route);
    form->addRow(tr("Requests and oneways:"), m_requestType);
    form->addRow(tr("Responses:"), m_responseType);
    form->addRow(m_error);
    form->addRow(buttons);
    fillTypes();
}

bool PayloadTypesDialog::loadFile()
{
    QString error;
    if (!m_decoder->loadProto(m_file->text(), &error)) {
        m_error->setText(tr("Cannot read %1: %2").arg(m_file->text(), error));
        m_error->show();
        return false;
    }
    m_error->hide();
    fillTypes();
    return true;
}

void PayloadTypesDialog::fillTypes()
{
    const QStringList types = m_decoder->messageTypes();
    for (QComboBox *box : {m_requestType, m_responseType}) {
        const QString current = box->currentText();
        box->clear();
        box->addItem(QString()); // none
        box->addItems(types);
        box->setCurrentText(current);
    }
}

void PayloadTypesDialog::accept()
{
    QString error;
    if (!m_decoder->setRouteTypes(m_route->value(), m_requestType->currentText().trimmed(),
                                  m_responseType->currentText().trimmed(), &error)) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    QDialog::accept();
}
