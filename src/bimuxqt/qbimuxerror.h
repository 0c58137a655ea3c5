#ifndef QBIMUXERROR_H
#define QBIMUXERROR_H

#include "bimuxqt_global.h"
#include "qbimuxnamespace.h"

#include <QtCore/qexception.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qstring.h>

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

Q_DECLARE_METATYPE(QBiMuxError)

#endif // QBIMUXERROR_H
