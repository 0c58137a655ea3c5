#include "composewidget.h"

#include "composer.h"
#include "inspectorsession.h"
#include "payloadformat.h"
#include "proxyserver.h"

#include <QtGui/qfontdatabase.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>

using namespace std::chrono_literals;

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
    , m_send(new QPushButton(tr("Send"), this))
    , m_cancel(new QPushButton(tr("Cancel Calls in Flight"), this))
    , m_result(new QPlainTextEdit(this))
{
    m_target->setToolTip(tr("Send from the inspector's own connection, or inject into a "
                            "connection the proxy relays"));
    m_side->addItem(tr("To the server (as the client)"), int(ProxyConnection::Side::Upstream));
    m_side->addItem(tr("To the client (as the server)"), int(ProxyConnection::Side::Client));
    m_side->setToolTip(tr("The peer that gets the injected frame; its answer is kept from the "
                          "other peer"));
    m_url->setPlaceholderText(tr("ws://127.0.0.1:12000/mux"));
    m_kind->addItem(tr("Call (rpc)"), Rpc);
    m_kind->addItem(tr("Oneway message"), Oneway);
    m_format->addItem(tr("Text"), Text);
    m_format->addItem(tr("Hex"), Hex);
    m_route->setRange(std::numeric_limits<qint32>::min(), std::numeric_limits<qint32>::max());
    m_route->setValue(1);
    m_timeout->setRange(0, 3600000);
    m_timeout->setValue(5000);
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setSpecialValueText(tr("none"));
    m_payload->setPlaceholderText(tr("Payload"));
    m_payload->setMaximumBlockCount(10000);
    m_result->setReadOnly(true);
    m_result->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_result->setMaximumBlockCount(1000);

    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (m_composer->muxer()) {
            m_composer->close();
        } else {
            const QUrl url = QUrl::fromUserInput(m_url->text());
            if (!url.isValid()
                || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
                appendResult(tr("Not a ws:// URL: %1").arg(m_url->text()));
                return;
            }
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
    connect(m_composer, &Composer::connectedChanged, this, [this](bool connected) {
        appendResult(connected ? tr("Connected.") : tr("Disconnected."));
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
                appendResult(tr("Call %1 failed after %2 ms: code %3, %4")
                                 .arg(call)
                                 .arg(ms)
                                 .arg(code)
                                 .arg(message));
            });

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_connect);
    auto *form = new QFormLayout;
    form->addRow(tr("Target:"), m_target);
    form->addRow(tr("Server:"), urlRow);
    form->addRow(tr("Inject:"), m_side);
    form->addRow(tr("Kind:"), m_kind);
    form->addRow(tr("Route:"), m_route);
    form->addRow(tr("Timeout:"), m_timeout);
    form->addRow(tr("Payload as:"), m_format);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_payload, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_send, 1);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);
    layout->addWidget(m_result, 2);
    refreshTargets();
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
    const bool haveMuxer = m_composer->muxer() != nullptr;
    const bool injecting = m_composer->targetConnection() != 0;
    m_connect->setText(haveMuxer ? tr("Disconnect") : tr("Connect"));
    m_connect->setEnabled(!injecting);
    m_url->setEnabled(!haveMuxer && !injecting);
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
