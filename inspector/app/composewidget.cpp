// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "composewidget.h"

#include "composer.h"
#include "framerecord.h"
#include "inspectorsession.h"
#include "payloadformat.h"
#include "proxyserver.h"

#include <QtCore/qcoreevent.h>
#include <QtGui/qfontdatabase.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>

using namespace std::chrono_literals;

namespace {
enum FormRow { TargetRow, ServerRow, InjectRow, KindRow, RouteRow, TimeoutRow, FormatRow };
}

ComposeWidget::ComposeWidget(Composer *composer, QWidget *parent)
    : QWidget(parent)
    , m_composer(composer)
    , m_target(new QComboBox(this))
    , m_side(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_connect(new QPushButton(this))
    , m_kind(new QComboBox(this))
    , m_format(new QComboBox(this))
    , m_route(new QSpinBox(this))
    , m_timeout(new QSpinBox(this))
    , m_payload(new QPlainTextEdit(this))
    , m_send(new QPushButton(this))
    , m_cancel(new QPushButton(this))
    , m_result(new QPlainTextEdit(this))
{
    m_side->addItem(QString(), int(ProxyConnection::Side::Upstream));
    m_side->addItem(QString(), int(ProxyConnection::Side::Client));
    m_kind->addItem(QString(), Rpc);
    m_kind->addItem(QString(), Oneway);
    m_format->addItem(QString(), Text);
    m_format->addItem(QString(), Hex);
    m_route->setRange(std::numeric_limits<qint32>::min(), std::numeric_limits<qint32>::max());
    m_route->setValue(1);
    m_timeout->setRange(0, 3600000);
    m_timeout->setValue(5000);
    m_payload->setMaximumBlockCount(10000);
    m_result->setReadOnly(true);
    m_result->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_result->setMaximumBlockCount(1000);

    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (m_composer->state() != Composer::State::Disconnected) {
            m_composer->close();
        } else {
            const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
            if (m_url->text().trimmed().isEmpty() || !url.isValid()
                || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
                appendResult(tr("Not a ws:// or wss:// URL: %1").arg(m_url->text()));
                return;
            }
            m_dialed = url;
            m_composer->open(url);
        }
        updateState();
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ComposeWidget::updateState);
    connect(m_target, &QComboBox::currentIndexChanged, this, &ComposeWidget::applyTarget);
    connect(m_side, &QComboBox::currentIndexChanged, this, &ComposeWidget::applyTarget);
    if (ProxyServer *proxy = m_composer->proxy())
        connect(proxy, &ProxyServer::connectionsChanged, this, &ComposeWidget::refreshTargets);
    connect(m_send, &QPushButton::clicked, this, &ComposeWidget::send);
    connect(m_cancel, &QPushButton::clicked, m_composer, &Composer::cancelAll);
    connect(m_composer, &Composer::pendingCallsChanged, this, &ComposeWidget::updateState);
    Composer::State previous = m_composer->state();
    connect(m_composer, &Composer::stateChanged, this,
            [this, previous](Composer::State state, const QString &reason) mutable {
                const QString url = m_dialed.toDisplayString();
                switch (state) {
                case Composer::State::Connecting:
                    appendResult(tr("Connecting to %1…").arg(url));
                    break;
                case Composer::State::Connected:
                    appendResult(tr("Connected to %1.").arg(url));
                    break;
                case Composer::State::Disconnected:
                    if (previous == Composer::State::Connecting)
                        appendResult(reason.isEmpty()
                                         ? tr("Dialing %1 was cancelled.").arg(url)
                                         : tr("Could not connect to %1: %2").arg(url, reason));
                    else if (previous == Composer::State::Connected)
                        appendResult(reason.isEmpty() ? tr("Disconnected.")
                                                      : tr("Disconnected: %1").arg(reason));
                    break;
                }
                previous = state;
                updateState();
            });
    connect(
        m_composer, &Composer::replied, this, [this](int call, const QByteArray &reply, qint64 ms) {
            appendResult(tr("Call %1 answered after %2 ms, %n byte(s):", nullptr, int(reply.size()))
                             .arg(call)
                             .arg(ms));
            appendResult(PayloadFormat::hexDump(reply).trimmed());
        });
    connect(m_composer, &Composer::failed, this,
            [this](int call, int code, const QString &message, qint64 ms) {
                // The code by its name, as the tables show it.
                appendResult(tr("Call %1 failed after %2 ms: %3, %4")
                                 .arg(call)
                                 .arg(ms)
                                 .arg(FrameNames::statusName(QBiMux::StatusCode(code)), message));
            });

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_connect);
    auto *form = new QFormLayout;
    auto addRow = [&](QWidget *field) {
        auto *label = new QLabel(this);
        m_labels.append(label);
        form->addRow(label, field);
    };
    addRow(m_target);
    auto *urlWidget = new QWidget(this);
    urlWidget->setLayout(urlRow);
    urlRow->setContentsMargins(0, 0, 0, 0);
    addRow(urlWidget);
    addRow(m_side);
    addRow(m_kind);
    addRow(m_route);
    addRow(m_timeout);
    addRow(m_format);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_send, 1);
    buttons->addWidget(m_cancel);
    auto *left = new QVBoxLayout;
    left->addLayout(form);
    left->addStretch(1);
    left->addLayout(buttons);

    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 3);
    layout->addWidget(m_payload, 3);
    layout->addWidget(m_result, 4);
    retranslate();
    refreshTargets();
}

void ComposeWidget::retranslate()
{
    m_target->setToolTip(tr("Send from the inspector's own connection, or inject into a "
                            "connection the proxy relays"));
    m_side->setItemText(0, tr("To the server (as the client)"));
    m_side->setItemText(1, tr("To the client (as the server)"));
    m_side->setToolTip(tr("The peer that gets the injected frame; its answer is kept from the "
                          "other peer"));
    m_url->setPlaceholderText(tr("Server URL, e.g. ws://host:port/mux"));
    m_kind->setItemText(0, tr("Call (rpc)"));
    m_kind->setItemText(1, tr("Oneway message"));
    m_format->setItemText(0, tr("Text"));
    m_format->setItemText(1, tr("Hex"));
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setSpecialValueText(tr("none"));
    m_payload->setPlaceholderText(tr("Payload"));
    m_send->setText(tr("Send"));
    m_cancel->setText(tr("Cancel Calls in Flight"));
    const QStringList labels {tr("Target:"), tr("Server:"),  tr("Inject:"),    tr("Kind:"),
                              tr("Route:"),  tr("Timeout:"), tr("Payload as:")};
    for (int i = 0; i < m_labels.size(); ++i)
        m_labels.at(i)->setText(labels.value(i));
    refreshTargets();
}

void ComposeWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ComposeWidget::refreshTargets()
{
    // The open proxied connections, after the own one; the choice stays while its
    // connection does.
    const int current = m_composer->targetConnection();
    QSignalBlocker blocker(m_target);
    m_target->clear();
    m_target->addItem(tr("Own connection (dial a URL)"), 0);
    ProxyServer *proxy = m_composer->proxy();
    const QList<ProxyConnection *> connections
        = proxy ? proxy->connections() : QList<ProxyConnection *>();
    for (const ProxyConnection *connection : connections) {
        if (!connection->isOpen())
            continue;
        QString label = tr("Proxied #%1").arg(connection->key());
        if (m_composer->session()) {
            if (const ConnectionRecord *c
                = m_composer->session()->connections()->find(connection->key())) {
                if (!c->id.isEmpty())
                    label += QLatin1Char(' ') + c->id;
                if (!c->peer.isEmpty())
                    label += tr(" (from %1)").arg(c->peer);
            }
        }
        m_target->addItem(label, connection->key());
    }
    m_target->setCurrentIndex(qMax(0, m_target->findData(current)));
    blocker.unblock();
    applyTarget();
}

void ComposeWidget::applyTarget()
{
    m_composer->setTarget(m_target->currentData().toInt(),
                          ProxyConnection::Side(m_side->currentData().toInt()));
    updateState();
}

bool ComposeWidget::loadFrame(const FrameRecord &frame)
{
    const auto target = m_composer->replayTarget(frame);
    if (!target)
        return false;
    m_target->setCurrentIndex(qMax(0, m_target->findData(target->first)));
    m_side->setCurrentIndex(qMax(0, m_side->findData(int(target->second))));
    m_kind->setCurrentIndex(frame.flag == QBiMux::FrameFlag::Request ? Rpc : Oneway);
    m_route->setValue(frame.route);
    if (frame.flag == QBiMux::FrameFlag::Request)
        m_timeout->setValue(frame.timeoutMs ? int(qMin<quint32>(frame.timeoutMs, 3600000)) : 0);
    const bool printable = PayloadFormat::printable(frame.payload, int(frame.payload.size()))
        == QString::fromLatin1(frame.payload);
    m_format->setCurrentIndex(printable ? Text : Hex);
    m_payload->setPlainText(printable ? QString::fromLatin1(frame.payload)
                                      : QString::fromLatin1(frame.payload.toHex(' ')));
    if (frame.isTruncated())
        appendResult(tr("Only the first %n byte(s) of this payload were kept.", nullptr,
                        int(frame.payload.size())));
    return true;
}

bool ComposeWidget::replay(const FrameRecord &frame)
{
    if (!loadFrame(frame) || !m_composer->canSend())
        return false;
    send();
    return true;
}

void ComposeWidget::send()
{
    QByteArray payload;
    if (m_format->currentData().toInt() == Hex) {
        const auto parsed = PayloadFormat::parseHex(m_payload->toPlainText());
        if (!parsed) {
            appendResult(tr("The payload is not hex: use pairs of digits, like 0a ff 10."));
            return;
        }
        payload = *parsed;
    } else {
        payload = m_payload->toPlainText().toUtf8();
    }
    const qint32 route = m_route->value();
    if (m_kind->currentData().toInt() == Oneway) {
        appendResult(m_composer->send(route, payload)
                         ? tr("Sent a oneway message of %n byte(s) on route %1.", nullptr,
                              int(payload.size()))
                               .arg(route)
                         : tr("Could not send: not connected, or too large."));
        return;
    }
    const int call = m_composer->rpc(route, payload, std::chrono::milliseconds(m_timeout->value()));
    if (m_composer->targetConnection()) {
        appendResult(tr("Call %1 on route %2 injected into connection #%3.")
                         .arg(call)
                         .arg(route)
                         .arg(m_composer->targetConnection()));
    } else {
        appendResult(tr("Call %1 on route %2 sent.").arg(call).arg(route));
    }
}

void ComposeWidget::updateState()
{
    const Composer::State state = m_composer->state();
    const bool injecting = m_composer->targetConnection() != 0;
    switch (state) {
    case Composer::State::Disconnected:
        m_connect->setText(tr("Connect"));
        break;
    case Composer::State::Connecting:
        m_connect->setText(tr("Cancel"));
        break;
    case Composer::State::Connected:
        m_connect->setText(tr("Disconnect"));
        break;
    }
    m_connect->setEnabled(!injecting);
    m_url->setEnabled(state == Composer::State::Disconnected && !injecting);
    m_side->setEnabled(injecting);
    m_send->setEnabled(m_composer->canSend());
    m_cancel->setEnabled(!m_composer->pendingCalls().isEmpty());
    m_cancel->setToolTip(tr("Cancels the %n call(s) the inspector made that wait for an answer",
                            nullptr, int(m_composer->pendingCalls().size())));
    m_timeout->setEnabled(m_kind->currentData().toInt() == Rpc);
}

void ComposeWidget::appendResult(const QString &line)
{
    m_result->appendPlainText(line);
}
