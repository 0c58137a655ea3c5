#ifndef QBIMUXERROR_H
#define QBIMUXERROR_H

#include "bimuxqt_global.h"

#include <QtCore/qexception.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qstring.h>

namespace QBiMux {
Q_NAMESPACE_EXPORT(BIMUXQT_EXPORT)

// Numbered like gRPC status codes, so that the codes mean the same on the wire
// as in every gRPC-literate tool. Ok is never the code of a QBiMuxError.
enum class StatusCode : int {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
};
Q_ENUM_NS(StatusCode)

} // namespace QBiMux

class BIMUXQT_EXPORT QBiMuxError : public QException
{
public:
    enum class Origin { Local, Remote };

    QBiMuxError(QBiMux::StatusCode code, const QString &message, Origin origin = Origin::Local);

    QBiMux::StatusCode code() const noexcept { return m_code; }
    QString message() const { return m_message; }
    Origin origin() const noexcept { return m_origin; }
    bool isRemote() const noexcept { return m_origin == Origin::Remote; }

    const char *what() const noexcept override;
    void raise() const override;
    QBiMuxError *clone() const override;

private:
    QBiMux::StatusCode m_code;
    QString m_message;
    Origin m_origin;
    QByteArray m_what;
};

#endif // QBIMUXERROR_H
