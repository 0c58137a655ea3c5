// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framesview.h"

#include "findbar.h"
#include "framedetailview.h"
#include "framefiltermodel.h"
#include "framemodel.h"

#include <QtCore/qcoreevent.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qscrollbar.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qstyle.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtoolbutton.h>

FramesView::FramesView(FrameModel *frames, QWidget *parent)
    : QWidget(parent)
    , m_frames(frames)
    , m_filter(new FrameFilterModel(this))
    , m_routeFilter(new QLineEdit(this))
    , m_flagFilter(new QComboBox(this))
    , m_directionFilter(new QComboBox(this))
    , m_textFilter(new QLineEdit(this))
    , m_connectionButton(new QToolButton(this))
    , m_follow(new QCheckBox(this))
    , m_table(new QTableView(this))
    , m_detail(new FrameDetailView(this))
    , m_findBar(new FindBar(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_replay(new QAction(this))
    , m_editInCompose(new QAction(this))
{
    m_filter->setFrameModel(frames);

    m_routeFilter->setClearButtonEnabled(true);
    m_routeFilter->setObjectName(QStringLiteral("routeFilter"));
    m_flagFilter->addItem(QString(), -1);
    for (int f = 0; f <= int(QBiMux::FrameFlag::StreamClose); ++f)
        m_flagFilter->addItem(FrameNames::flagName(QBiMux::FrameFlag(f)), f);
    m_directionFilter->addItem(QString(), -1);
    m_directionFilter->addItem(QString(), int(QBiMux::Direction::Outgoing));
    m_directionFilter->addItem(QString(), int(QBiMux::Direction::Incoming));
    m_textFilter->setClearButtonEnabled(true);
    m_connectionButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_connectionButton->setAutoRaise(true);
    m_connectionButton->hide();
    m_follow->setChecked(true);
    m_findBar->hide();

    connect(m_routeFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        const bool ok = m_filter->setRouteFilter(text);
        m_routeFilter->setStyleSheet(ok ? QString() : QStringLiteral("color: #c02020"));
    });
    connect(m_flagFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setFlagFilter(m_flagFilter->currentData().toInt()); });
    connect(m_directionFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setDirectionFilter(m_directionFilter->currentData().toInt()); });
    connect(m_textFilter, &QLineEdit::textChanged, m_filter, &FrameFilterModel::setTextFilter);
    connect(m_connectionButton, &QToolButton::clicked, this, [this] { showConnections({}); });
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            scrollToNewest();
    });

    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // One scroll step a row: the scroll bar's value is the top row, which keeps the rows in
    // view in place while rows come and go above them.
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    // Fixed row heights: the view never measures rows, which keeps 100,000 of them cheap.
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(FrameModel::TimeColumn, Qt::AscendingOrder);
    resetColumnWidths();
    // Numbers, sizes and statuses get the room the widest of them needs, as they come:
    // a column sized to its contents would measure every row.
    connect(m_filter, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { fitColumns(first, last); });
    connect(m_filter, &QAbstractItemModel::modelReset, this, &FramesView::resetColumnWidths);

    m_replay->setEnabled(false);
    m_editInCompose->setEnabled(false);
    connect(m_replay, &QAction::triggered, this, [this] {
        if (const int row = currentSourceRow(); row >= 0)
            emit replayRequested(m_frames->frame(row), false);
    });
    connect(m_editInCompose, &QAction::triggered, this, [this] {
        if (const int row = currentSourceRow(); row >= 0)
            emit replayRequested(m_frames->frame(row), true);
    });
    m_table->addAction(m_replay);
    m_table->addAction(m_editInCompose);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FramesView::onCurrentChanged);
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            &FramesView::updateFollowAvailability);
    // Around every change of rows: the place in the table is kept (or the newest frame
    // shown), and the detail pane follows what is selected, also after a clear.
    for (auto before :
         {&QAbstractItemModel::rowsAboutToBeInserted, &QAbstractItemModel::rowsAboutToBeRemoved}) {
        connect(m_filter, before, this, &FramesView::rememberPlace);
    }
    for (auto after : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, after, this, &FramesView::restorePlace);
    connect(m_filter, &QAbstractItemModel::layoutAboutToBeChanged, this,
            &FramesView::rememberPlace);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &FramesView::restorePlace);
    connect(m_filter, &QAbstractItemModel::modelAboutToBeReset, this, &FramesView::rememberPlace);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &FramesView::restorePlace);
    connect(m_detail, &FrameDetailView::partnerRequested, this, &FramesView::jumpToPartner);
    connect(m_findBar, &FindBar::findRequested, this,
            [this](bool forward, bool again) { findNext(forward, !again); });
    connect(m_findBar, &FindBar::closed, m_table, [this] { m_table->setFocus(); });

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_routeFilter, 1);
    filters->addWidget(m_flagFilter);
    filters->addWidget(m_directionFilter);
    filters->addWidget(m_textFilter, 2);
    filters->addWidget(m_connectionButton);
    filters->addWidget(m_follow);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addWidget(m_findBar);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setCollapsible(1, false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_splitter, 1);
    retranslate();
}

void FramesView::resetColumnWidths()
{
    m_widest = {};
    const QFontMetrics metrics = fontMetrics();
    auto widthOf = [this, &metrics](const QString &sample) {
        return metrics.horizontalAdvance(sample) + cellPadding();
    };
    m_table->setColumnWidth(FrameModel::TimeColumn, widthOf(QStringLiteral("00:00:00.000")));
    m_table->setColumnWidth(FrameModel::DirectionColumn, widthOf(tr("→ out, injected")));
    m_table->setColumnWidth(FrameModel::FlagColumn, widthOf(QStringLiteral("malformed")));
    for (int column : {FrameModel::ConnectionColumn, FrameModel::NumberColumn,
                       FrameModel::RouteColumn, FrameModel::SizeColumn})
        m_table->setColumnWidth(column, widthOf(QStringLiteral("00000")));
    m_table->setColumnWidth(FrameModel::StatusColumn, widthOf(QStringLiteral("DEADLINE_EXCEEDED")));
    fitTitles();
    fitColumns(0, m_filter->rowCount() - 1);
}

void FramesView::fitTitles()
{
    // Never narrower than the title (in the language shown), with room for the sort
    // indicator.
    const QFontMetrics metrics(m_table->horizontalHeader()->font());
    for (int column = 0; column < FrameModel::PayloadColumn; ++column) {
        const int title
            = metrics.horizontalAdvance(m_filter->headerData(column, Qt::Horizontal).toString())
            + cellPadding() + 16;
        m_table->setColumnWidth(column, qMax(m_table->columnWidth(column), title));
    }
}

int FramesView::cellPadding() const
{
    // The item delegate's margins around a cell's text, and a little air.
    return 2 * (style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 1) + 6;
}

void FramesView::fitColumns(int firstRow, int lastRow)
{
    Widest seen = m_widest;
    for (int row = firstRow; row <= lastRow; ++row) {
        const FrameRecord *f = m_filter->frameAt(row);
        if (!f)
            continue;
        seen.number = qMax(seen.number, f->number);
        seen.size = qMax(seen.size, f->wireSize);
        seen.connection = qMax(seen.connection, f->connection);
        // The longer of the two spellings: the most digits, or a minus sign.
        if (QString::number(f->route).size() > QString::number(seen.route).size())
            seen.route = f->route;
        // Rare: most rows say OK or nothing.
        if (f->faults || f->status != QBiMux::StatusCode::Ok || f->malformed) {
            const QString status = m_filter->index(row, FrameModel::StatusColumn).data().toString();
            seen.statusWidth = qMax(seen.statusWidth, fontMetrics().horizontalAdvance(status));
        }
    }
    const QFontMetrics metrics = fontMetrics();
    const int padding = cellPadding();
    auto widen = [&](int column, int textWidth) {
        if (textWidth + padding > m_table->columnWidth(column))
            m_table->setColumnWidth(column, textWidth + padding);
    };
    if (seen.number != m_widest.number)
        widen(FrameModel::NumberColumn, metrics.horizontalAdvance(QString::number(seen.number)));
    if (seen.size != m_widest.size)
        widen(FrameModel::SizeColumn, metrics.horizontalAdvance(QString::number(seen.size)));
    if (seen.connection != m_widest.connection)
        widen(FrameModel::ConnectionColumn,
              metrics.horizontalAdvance(QString::number(seen.connection)));
    if (seen.route != m_widest.route)
        widen(FrameModel::RouteColumn, metrics.horizontalAdvance(QString::number(seen.route)));
    if (seen.statusWidth != m_widest.statusWidth)
        widen(FrameModel::StatusColumn, seen.statusWidth);
    m_widest = seen;
}

void FramesView::retranslate()
{
    m_routeFilter->setPlaceholderText(tr("Routes, e.g. 1, 3-5"));
    m_flagFilter->setItemText(0, tr("All flags"));
    m_directionFilter->setItemText(0, tr("Both directions"));
    m_directionFilter->setItemText(1, tr("→ out"));
    m_directionFilter->setItemText(2, tr("← in"));
    m_textFilter->setPlaceholderText(tr("Text in payload or error"));
    m_follow->setText(tr("Follow"));
    m_replay->setText(tr("Replay to Its Connection"));
    m_replay->setToolTip(tr("Send this request or oneway message again, on the same "
                            "connection and toward the same peer"));
    m_editInCompose->setText(tr("Edit in Compose…"));
    fitTitles();
    if (!m_filter->connectionFilter().isEmpty()) {
        m_connectionButton->setText(tr("%1 only ✕").arg(m_connectionLabel));
        m_connectionButton->setToolTip(tr("Show the frames of every connection"));
    }
    updateFollowAvailability();
}

void FramesView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FramesView::updateFollowAvailability()
{
    const bool byTime = m_filter->sortsByTime();
    m_follow->setEnabled(byTime);
    m_follow->setToolTip(byTime ? tr("Keep the newest frame in view")
                                : tr("Follow needs the frames sorted by time"));
}

int FramesView::currentSourceRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_filter->sourceRow(current.row()) : -1;
}

bool FramesView::selectSourceRow(int sourceRow)
{
    const int row = m_filter->proxyRow(sourceRow);
    if (row < 0)
        return false;
    const QModelIndex index = m_filter->index(row, 0);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

void FramesView::stopFollowing(const QString &why)
{
    if (!m_follow->isChecked())
        return;
    m_follow->setChecked(false);
    emit statusMessage(why);
}

void FramesView::onCurrentChanged()
{
    // A frame the user (or a jump, a search) chose stays in view: following would
    // scroll it away.
    if (!m_updating && m_table->currentIndex().isValid()) {
        stopFollowing(tr("Follow is off, so that the selected frame stays in view. "
                         "Turn it on to see the newest frames."));
    }
    showCurrent();
    updateActions();
}

bool FramesView::jumpToPartner()
{
    const int partner = m_frames->partnerRow(currentSourceRow());
    if (partner < 0 || m_filter->proxyRow(partner) < 0) {
        emit statusMessage(partner < 0 ? tr("The other frame of this call is no longer kept.")
                                       : tr("The other frame of this call is filtered out."));
        return false;
    }
    return selectSourceRow(partner);
}

void FramesView::showCurrent(bool force)
{
    const int row = currentSourceRow();
    if (row < 0) {
        // Cleared, filtered out or evicted: nothing stale stays on show.
        if (m_detail->shownSeq() || force)
            m_detail->clear();
        return;
    }
    const FrameRecord &f = m_frames->frame(row);
    const bool hasPartner = m_frames->partnerRow(row) >= 0;
    if (!force && f.seq == m_detail->shownSeq() && hasPartner == m_detail->hasPartner())
        return;
    m_detail->showFrame(f, hasPartner);
}

void FramesView::updateActions()
{
    const int row = currentSourceRow();
    const bool can = row >= 0 && m_replayable && m_replayable(m_frames->frame(row));
    m_replay->setEnabled(can);
    m_editInCompose->setEnabled(can);
}

void FramesView::setReplayable(std::function<bool(const FrameRecord &)> replayable)
{
    m_replayable = std::move(replayable);
    updateActions();
}

void FramesView::rememberPlace()
{
    if (m_updating++ > 0)
        return;
    m_anchorSeq = 0;
    if (m_follow->isChecked() && m_follow->isEnabled())
        return;
    const int top = m_table->rowAt(0);
    if (const FrameRecord *f = top >= 0 ? m_filter->frameAt(top) : nullptr)
        m_anchorSeq = f->seq;
}

void FramesView::restorePlace()
{
    if (--m_updating > 0)
        return;
    if (m_follow->isChecked() && m_follow->isEnabled()) {
        scrollToNewest();
    } else if (m_anchorSeq) {
        const int row = m_filter->rowOfSeq(m_anchorSeq);
        if (row >= 0 && row != m_table->rowAt(0)) {
            // The scroll range must know the new rows before the value can move.
            m_table->doItemsLayout();
            m_table->verticalScrollBar()->setValue(row);
        }
    }
    showCurrent();
    updateActions();
}

void FramesView::scrollToNewest()
{
    if (!m_filter->sortsByTime())
        return;
    if (m_filter->newestAtBottom())
        m_table->scrollToBottom();
    else
        m_table->scrollToTop();
}

void FramesView::showConnections(const QSet<int> &connections, const QString &label)
{
    m_connectionLabel = label;
    m_filter->setConnectionFilter(connections);
    m_connectionButton->setVisible(!connections.isEmpty());
    retranslate();
}

void FramesView::find()
{
    m_findBar->activate();
}

bool FramesView::findNext(bool forward, bool fromCurrent)
{
    if (!m_findBar->matches(FrameRecord {}).has_value())
        return false;
    auto match = [this](const FrameRecord &f) {
        return m_findBar->matches(f).value_or(false);
    };
    int current = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    // While typing, the frame selected counts too: the search starts with it.
    if (fromCurrent && current >= 0)
        current = forward ? current - 1 : current + 1;
    const int row = m_filter->findRow(current, forward, match);
    int count = 0;
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        if (const FrameRecord *f = m_filter->frameAt(r); f && match(*f))
            ++count;
    }
    m_findBar->setResult(count, row >= 0);
    if (row < 0)
        return false;
    selectSourceRow(m_filter->sourceRow(row));
    return true;
}

bool FramesView::jumpToTime(qint64 timeMs)
{
    const int row = m_filter->rowNearTime(timeMs);
    return row >= 0 && selectSourceRow(m_filter->sourceRow(row));
}
