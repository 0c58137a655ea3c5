// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framedetailview.h"

#include "payloadformat.h"
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
#include "payloaddecoder.h"
#endif

#include <QtCore/qcoreevent.h>
#include <QtCore/qdatetime.h>
#include <QtGui/qfontdatabase.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qstyle.h>

FrameDetailView::FrameDetailView(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_dump(new QPlainTextEdit(this))
    , m_partner(new QPushButton(this))
    , m_decodedTitle(new QLabel(this))
    , m_decoded(new QPlainTextEdit(this))
{
    m_decoded->setReadOnly(true);
    m_decoded->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_header->setWordWrap(true);
    m_dump->setReadOnly(true);
    m_dump->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_dump->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Wide enough for a whole line of the dump, ASCII column included.
    const QFontMetrics metrics(m_dump->font());
    m_dump->setMinimumWidth(
        metrics.horizontalAdvance(QString(PayloadFormat::HexDumpLineLength + 1, QLatin1Char('0')))
        + 2 * m_dump->frameWidth() + 2 * int(m_dump->document()->documentMargin())
        + style()->pixelMetric(QStyle::PM_ScrollBarExtent));
    m_partner->setEnabled(false);
    m_partner->setText(tr("Go to request/response"));
    m_partner->setToolTip(tr("Jump between a request and its response (Ctrl+J)"));
    connect(m_partner, &QPushButton::clicked, this, &FrameDetailView::partnerRequested);

    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_partner, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_dump, 1);
    layout->addWidget(m_decodedTitle);
    layout->addWidget(m_decoded, 1);
    clear();
}

void FrameDetailView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_partner->setToolTip(tr("Jump between a request and its response (Ctrl+J)"));
        if (m_shown)
            showFrame(FrameRecord(*m_shown), m_hasPartner);
        else
            clear();
    }
    QWidget::changeEvent(event);
}

void FrameDetailView::showFrame(const FrameRecord &f, bool hasPartner)
{
    m_shown = f;
    m_hasPartner = hasPartner;
    QStringList rows;
    auto row = [&rows](const QString &name, const QString &value) {
        rows.append(QStringLiteral("<tr><td><b>%1</b>&nbsp;</td><td>%2</td></tr>")
                        .arg(name.toHtmlEscaped(), value.toHtmlEscaped()));
    };
    row(tr("Time"), QDateTime::fromMSecsSinceEpoch(f.timestampMs).toString(Qt::ISODateWithMs));
    row(tr("Connection"), QString::number(f.connection));
    row(tr("Direction"),
        f.direction == QBiMux::Direction::Outgoing ? tr("outgoing") : tr("incoming"));
    if (f.injected)
        row(tr("Injected"), tr("by the inspector; the other peer never sees it"));
    if (f.faults)
        row(tr("Fault"),
            tr("%1 by the proxy's fault injection")
                .arg(FrameNames::faultText(f.faults, f.faultDelayMs)));
    if (f.malformed) {
        row(tr("Flag"), tr("not a bimux frame: %1").arg(f.errorMessage));
    } else {
        row(tr("Flag"), FrameNames::flagName(f.flag));
        row(tr("Number"), QString::number(f.number));
        row(tr("Route"), QString::number(f.route));
        if (f.flag == QBiMux::FrameFlag::Response) {
            row(tr("Status"),
                f.status == QBiMux::StatusCode::Ok ? FrameNames::statusName(f.status)
                                                   : tr("%1 (%2): %3")
                                                         .arg(FrameNames::statusName(f.status))
                                                         .arg(int(f.status))
                                                         .arg(f.errorMessage));
        }
        if (f.timeoutMs)
            row(tr("Timeout"), tr("%1 ms").arg(f.timeoutMs));
    }
    row(tr("Size"),
        tr("%1 bytes on the wire, payload %2 bytes").arg(f.wireSize).arg(f.payloadSize));
    m_header->setText(QStringLiteral("<table>") + rows.join(QString())
                      + QStringLiteral("</table>"));
    QString dump = PayloadFormat::hexDump(f.payload);
    if (f.isTruncated())
        dump += tr("… %n more byte(s) not kept", nullptr, int(f.payloadSize - f.payload.size()));
    m_dump->setPlainText(dump);
    showDecoded(f);
    const bool isRequest = f.flag == QBiMux::FrameFlag::Request;
    m_partner->setText(isRequest ? tr("Go to response") : tr("Go to request"));
    m_partner->setEnabled(hasPartner && !f.malformed);
}

void FrameDetailView::showDecoded(const FrameRecord &f)
{
    std::optional<QString> decoded;
    QString type;
    QString error;
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
    if (m_decoder)
        decoded = m_decoder->decode(f, &type, &error);
#else
    Q_UNUSED(f);
#endif
    const bool show = decoded.has_value() || !error.isEmpty();
    m_decodedTitle->setVisible(show);
    m_decoded->setVisible(show);
    if (decoded) {
        m_decodedTitle->setText(tr("Payload as %1:").arg(type));
        m_decoded->setPlainText(*decoded);
    } else {
        m_decodedTitle->setText(tr("Payload as %1: cannot decode").arg(type));
        m_decoded->setPlainText(error);
    }
}

QString FrameDetailView::decodedText() const
{
    return m_decoded->isHidden() ? QString() : m_decoded->toPlainText();
}

void FrameDetailView::clear()
{
    m_shown.reset();
    m_hasPartner = false;
    m_partner->setText(tr("Go to request/response"));
    m_decodedTitle->hide();
    m_decoded->hide();
    m_decoded->clear();
    m_header->setText(tr("Select a frame to see its header and payload."));
    m_dump->clear();
    m_partner->setEnabled(false);
}

QString FrameDetailView::headerText() const
{
    return m_header->text();
}

QString FrameDetailView::dumpText() const
{
    return m_dump->toPlainText();
}
