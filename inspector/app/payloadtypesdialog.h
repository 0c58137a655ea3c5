// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef PAYLOADTYPESDIALOG_H
#define PAYLOADTYPESDIALOG_H

#include <QtWidgets/qdialog.h>

class PayloadDecoder;
QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

// Names the .proto file and, for one route, the message types of its requests and
// responses, so that the detail pane shows those payloads decoded.
class PayloadTypesDialog : public QDialog
{
    Q_OBJECT

public:
    PayloadTypesDialog(PayloadDecoder *decoder, qint32 route, QWidget *parent = nullptr);

    QLineEdit *protoFileEdit() const { return m_file; }
    QSpinBox *routeBox() const { return m_route; }
    QComboBox *requestTypeBox() const { return m_requestType; }
    QComboBox *responseTypeBox() const { return m_responseType; }
    QLabel *errorLabel() const { return m_error; }

    // Loads the file named in the dialog; false (and the error shown) if it fails.
    bool loadFile();
    void accept() override;

private:
    void fillTypes();

    PayloadDecoder *m_decoder;
    QLineEdit *m_file;
    QSpinBox *m_route;
    QComboBox *m_requestType;
    QComboBox *m_responseType;
    QLabel *m_error;
};

#endif // PAYLOADTYPESDIALOG_H
