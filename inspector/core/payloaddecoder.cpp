// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "payloaddecoder.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qfileinfo.h>

#include <google/protobuf/compiler/importer.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>

namespace pb = google::protobuf;

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(PayloadDecoder)
};

class ErrorCollector : public pb::compiler::MultiFileErrorCollector
{
public:
    void AddError(const std::string &filename, int line, int column,
                  const std::string &message) override
    {
        errors.append(QStringLiteral("%1:%2:%3: %4")
                          .arg(QString::fromStdString(filename))
                          .arg(line + 1)
                          .arg(column + 1)
                          .arg(QString::fromStdString(message)));
    }
    QStringList errors;
};

void collectTypes(const pb::Descriptor *type, QStringList *names)
{
    names->append(QString::fromStdString(type->full_name()));
    for (int i = 0; i < type->nested_type_count(); ++i)
        collectTypes(type->nested_type(i), names);
}
} // namespace

struct PayloadDecoder::Private
{
    // One importer per directory, so that each file's imports resolve next to it; all
    // share nothing but live as long as the decoder.
    struct Source
    {
        pb::compiler::DiskSourceTree tree;
        ErrorCollector errors;
        std::unique_ptr<pb::compiler::Importer> importer;
        std::unique_ptr<pb::DynamicMessageFactory> factory;
        QList<const pb::FileDescriptor *> files;
    };
    std::vector<std::unique_ptr<Source>> sources;

    std::pair<const pb::Descriptor *, pb::DynamicMessageFactory *> find(const QString &type) const
    {
        const std::string name = type.toStdString();
        for (const auto &source : sources) {
            if (const pb::Descriptor *d = source->importer->pool()->FindMessageTypeByName(name))
                return {d, source->factory.get()};
        }
        return {nullptr, nullptr};
    }
};

PayloadDecoder::PayloadDecoder()
    : d(std::make_unique<Private>())
{ }

PayloadDecoder::~PayloadDecoder() = default;

bool PayloadDecoder::loadProto(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        if (error)
            *error = Text::tr("%1 is not a file").arg(path);
        return false;
    }
    auto source = std::make_unique<Private::Source>();
    source->tree.MapPath("", info.absolutePath().toStdString());
    source->importer = std::make_unique<pb::compiler::Importer>(&source->tree, &source->errors);
    const pb::FileDescriptor *file = source->importer->Import(info.fileName().toStdString());
    if (!file) {
        if (error)
            *error = source->errors.errors.join(QLatin1Char('\n'));
        return false;
    }
    source->files.append(file);
    source->factory = std::make_unique<pb::DynamicMessageFactory>(source->importer->pool());
    d->sources.push_back(std::move(source));
    m_files.append(info.absoluteFilePath());
    return true;
}

QStringList PayloadDecoder::messageTypes() const
{
    QStringList names;
    for (const auto &source : d->sources) {
        for (const pb::FileDescriptor *file : source->files) {
            for (int i = 0; i < file->message_type_count(); ++i)
                collectTypes(file->message_type(i), &names);
        }
    }
    names.sort();
    return names;
}

bool PayloadDecoder::setRouteTypes(qint32 route, const QString &requestType,
                                   const QString &responseType, QString *error)
{
    for (const QString &type : {requestType, responseType}) {
        if (!type.isEmpty() && !d->find(type).first) {
            if (error)
                *error = Text::tr("unknown message type %1").arg(type);
            return false;
        }
    }
    if (requestType.isEmpty() && responseType.isEmpty()) {
        clearRoute(route);
        return true;
    }
    m_routes.insert(route, {requestType, responseType});
    return true;
}

void PayloadDecoder::clearRoute(qint32 route)
{
    m_routes.remove(route);
}

std::optional<QString> PayloadDecoder::decode(const FrameRecord &frame, QString *typeName,
                                              QString *error) const
{
    const auto route = m_routes.constFind(frame.route);
    if (route == m_routes.cend() || frame.flag == QBiMux::FrameFlag::Cancel || frame.malformed)
        return std::nullopt;
    QString type = route->first;
    if (frame.flag == QBiMux::FrameFlag::Response && !route->second.isEmpty())
        type = route->second;
    if (type.isEmpty())
        return std::nullopt;
    const auto [descriptor, factory] = d->find(type);
    if (!descriptor)
        return std::nullopt;
    if (typeName)
        *typeName = type;
    std::unique_ptr<pb::Message> message(factory->GetPrototype(descriptor)->New());
    if (frame.isTruncated()
        || !message->ParseFromArray(frame.payload.constData(), int(frame.payload.size()))) {
        if (error) {
            *error = frame.isTruncated() ? Text::tr("the payload was cut; it cannot be decoded")
                                         : Text::tr("the payload is not a %1").arg(type);
        }
        return std::nullopt;
    }
    std::string text;
    pb::TextFormat::Printer printer;
    printer.SetUseUtf8StringEscaping(true);
    printer.PrintToString(*message, &text);
    return QString::fromStdString(text);
}
