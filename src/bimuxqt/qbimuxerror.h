// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXERROR_H
#define QBIMUXERROR_H

#include "bimuxqt_global.h"
#include "qbimuxnamespace.h"
#include "qbimuxstatus.h"

#include <QtCore/qexception.h>
#include <QtCore/qstring.h>

// What a failed QFuture of rpc() carries (QFuture::onFailed()); a QBiMuxStatus that is
// never Ok. A handler may throw one to answer with its code.
class BIMUXQT_EXPORT QBiMuxError : public QException
{
public:
    explicit QBiMuxError(const QBiMuxStatus &status);
    QBiMuxError(QBiMux::StatusCode code, const QString &message,
                QBiMuxStatus::Origin origin = QBiMuxStatus::Origin::Local);

    QBiMuxStatus status() const { return m_status; }
    QBiMux::StatusCode code() const noexcept { return m_status.code(); }
    QString message() const { return m_status.message(); }
    QBiMuxStatus::Origin origin() const noexcept { return m_status.origin(); }
    bool isRemote() const noexcept { return m_status.isRemote(); }

    const char *what() const noexcept override;
    void raise() const override;
    QBiMuxError *clone() const override;

private:
    QBiMuxStatus m_status;
    QByteArray m_what;
};

#endif // QBIMUXERROR_H
