#include "qbimuxframe_p.h"

#include "bimux.pb.h"

#include <QtCore/qcoreapplication.h>

QByteArray QBiMuxFrame::encode() const
{
    bimux::Message message;
    message.set_number(number);
    message.set_flag(static_cast<bimux::Flag>(flag));
    message.set_route(route);
    if (!data.isEmpty())
        message.set_data(data.constData(), size_t(data.size()));
    if (isError()) {
        bimux::Status *status = message.mutable_error();
        status->set_code(int(errorCode));
        status->set_message(errorMessage.toStdString());
    }
    if (timeoutMs)
        message.set_timeout_ms(timeoutMs);

    QByteArray bytes(qsizetype(message.ByteSizeLong()), Qt::Uninitialized);
    message.SerializeWithCachedSizesToArray(reinterpret_cast<quint8 *>(bytes.data()));
    return bytes;
}

std::optional<QBiMuxFrame> QBiMuxFrame::decode(const QByteArray &bytes, QString *error)
{
    bimux::Message message;
    if (!message.ParseFromArray(bytes.constData(), int(bytes.size()))) {
        *error = QCoreApplication::translate(
            "QBiMuxer", "frame of %n byte(s) is not a bimux Message", nullptr, int(bytes.size()));
        return std::nullopt;
    }
    // proto3 enums are open: an unknown value decodes fine and has to be checked here.
    if (!bimux::Flag_IsValid(message.flag())) {
        *error = QCoreApplication::translate("QBiMuxer", "frame %1 has unknown flag %2")
                     .arg(message.number())
                     .arg(int(message.flag()));
        return std::nullopt;
    }

    QBiMuxFrame frame;
    frame.number = message.number();
    frame.flag = static_cast<Flag>(message.flag());
    frame.route = message.route();
    const std::string &data = message.data();
    frame.data = QByteArray(data.data(), qsizetype(data.size()));
    if (message.has_error()) {
        // A status of 0 would read as success; a peer that sets the field means failure.
        const int code = message.error().code();
        frame.errorCode = code == 0 ? QBiMux::StatusCode::Unknown : QBiMux::StatusCode(code);
        frame.errorMessage = QString::fromStdString(message.error().message());
    }
    frame.timeoutMs = message.timeout_ms();
    return frame;
}

const char *QBiMuxFrame::flagName(Flag flag)
{
    switch (flag) {
    case Flag::Request:
        return "request";
    case Flag::Response:
        return "response";
    case Flag::Oneway:
        return "oneway";
    case Flag::Cancel:
        return "cancel";
    }
    return "?";
}
