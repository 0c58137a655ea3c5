// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "faultswidget.h"

#include "faultinjector.h"
#include "proxyserver.h"

#include <QtCore/qcoreevent.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qtableview.h>

FaultsWidget::FaultsWidget(ProxyServer *proxy, QWidget *parent)
    : QWidget(parent)
    , m_proxy(proxy)
    , m_faults(proxy->faults())
    , m_active(new QCheckBox(this))
    , m_rules(new QTableView(this))
    , m_direction(new QComboBox(this))
    , m_routes(new QLineEdit(this))
    , m_action(new QComboBox(this))
    , m_share(new QSpinBox(this))
    , m_delay(new QSpinBox(this))
    , m_add(new QPushButton(this))
    , m_remove(new QPushButton(this))
    , m_cut(new QPushButton(this))
    , m_note(new QLabel(this))
{
    m_active->setChecked(m_faults->isActive());
    m_rules->setModel(m_faults);
    m_rules->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rules->verticalHeader()->hide();
    m_rules->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_rules->horizontalHeader()->setStretchLastSection(true);
    m_direction->addItem(QString(), -1);
    m_direction->addItem(QString(), int(QBiMux::Direction::Outgoing));
    m_direction->addItem(QString(), int(QBiMux::Direction::Incoming));
    for (auto action : {FaultInjector::Action::Delay, FaultInjector::Action::Drop,
                        FaultInjector::Action::Corrupt, FaultInjector::Action::Cut})
        m_action->addItem(QString(), int(action));
    m_share->setRange(0, 100);
    m_share->setValue(100);
    m_share->setSuffix(QStringLiteral(" %"));
    m_delay->setRange(0, 600000);
    m_delay->setValue(500);
    m_delay->setSingleStep(100);
    m_routes->setClearButtonEnabled(true);
    m_note->setWordWrap(true);

    connect(m_active, &QCheckBox::toggled, m_faults, &FaultInjector::setActive);
    connect(m_add, &QPushButton::clicked, this, &FaultsWidget::addRule);
    connect(m_routes, &QLineEdit::returnPressed, this, &FaultsWidget::addRule);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_rules->selectionModel()->selectedRows();
        QList<int> numbers;
        for (const QModelIndex &row : rows)
            numbers.append(row.row());
        std::sort(numbers.rbegin(), numbers.rend());
        for (int row : std::as_const(numbers))
            m_faults->removeRule(row);
    });
    connect(m_cut, &QPushButton::clicked, this, [this] {
        const int cut = m_proxy->cutLinks();
        emit statusMessage(tr("Cut %n proxied link(s).", nullptr, cut));
    });
    connect(m_action, &QComboBox::currentIndexChanged, this, &FaultsWidget::updateState);
    connect(m_rules->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FaultsWidget::updateState);
    connect(m_proxy, &ProxyServer::connectionCountChanged, this, &FaultsWidget::updateState);

    auto *top = new QHBoxLayout;
    top->addWidget(m_active);
    top->addWidget(m_note, 1);
    top->addWidget(m_cut);
    auto *form = new QHBoxLayout;
    auto addField = [&](QWidget *field, int stretch = 0) {
        auto *label = new QLabel(this);
        label->setBuddy(field);
        m_labels.append(label);
        form->addWidget(label);
        form->addWidget(field, stretch);
    };
    addField(m_direction);
    addField(m_routes, 1);
    addField(m_action);
    addField(m_share);
    addField(m_delay);
    form->addWidget(m_add);
    form->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(m_rules, 1);
    layout->addLayout(form);
    retranslate();
    updateState();
}

void FaultsWidget::retranslate()
{
    m_active->setText(tr("Inject faults"));
    m_active->setToolTip(tr("Switches every rule below on or off at once"));
    m_note->setText(tr("The proxy applies these rules to the frames it relays, as it "
                       "receives them; faulted frames are marked in the Status column."));
    m_direction->setItemText(0, tr("both directions"));
    m_direction->setItemText(1, tr("→ out (to the server)"));
    m_direction->setItemText(2, tr("← in (to the client)"));
    for (int i = 0; i < m_action->count(); ++i)
        m_action->setItemText(
            i, FaultInjector::actionName(FaultInjector::Action(m_action->itemData(i).toInt())));
    m_routes->setPlaceholderText(tr("all routes, or e.g. 1, 3-5"));
    m_delay->setSuffix(tr(" ms"));
    m_add->setText(tr("Add Rule"));
    m_remove->setText(tr("Remove"));
    m_cut->setText(tr("Cut All Links Now"));
    m_cut->setToolTip(tr("Aborts every proxied connection without a close handshake, as a "
                         "broken network would: clients see an abnormal closure"));
    const QStringList labels {tr("Direction:"), tr("Routes:"), tr("Fault:"), tr("Share:"),
                              tr("Latency:")};
    for (int i = 0; i < m_labels.size(); ++i)
        m_labels.at(i)->setText(labels.value(i));
}

void FaultsWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FaultsWidget::addRule()
{
    FaultInjector::Rule rule;
    rule.direction = m_direction->currentData().toInt();
    rule.routes = m_routes->text().trimmed();
    rule.action = FaultInjector::Action(m_action->currentData().toInt());
    rule.percent = m_share->value();
    rule.delayMs = quint32(m_delay->value());
    if (!m_faults->addRule(rule)) {
        m_routes->setStyleSheet(QStringLiteral("color: #c02020"));
        emit statusMessage(tr("Not a list of routes: %1").arg(rule.routes));
        return;
    }
    m_routes->setStyleSheet(QString());
}

void FaultsWidget::updateState()
{
    m_delay->setEnabled(m_action->currentData().toInt() == int(FaultInjector::Action::Delay));
    m_remove->setEnabled(m_rules->selectionModel()->hasSelection());
    m_cut->setEnabled(m_proxy->connectionCount() > 0);
}
