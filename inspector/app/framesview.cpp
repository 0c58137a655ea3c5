#include "framesview.h"

#include "framedetailview.h"
#include "framefiltermodel.h"
#include "framemodel.h"

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtableview.h>

FramesView::FramesView(FrameModel *frames, QWidget *parent)
    : QWidget(parent)
    , m_frames(frames)
    , m_filter(new FrameFilterModel(this))
    , m_routeFilter(new QLineEdit(this))
    , m_flagFilter(new QComboBox(this))
    , m_directionFilter(new QComboBox(this))
    , m_textFilter(new QLineEdit(this))
    , m_follow(new QCheckBox(tr("Follow"), this))
    , m_table(new QTableView(this))
    , m_detail(new FrameDetailView(this))
{
    m_filter->setFrameModel(frames);

    m_routeFilter->setPlaceholderText(tr("Routes, e.g. 1, 3-5"));
    m_routeFilter->setClearButtonEnabled(true);
    m_routeFilter->setObjectName(QStringLiteral("routeFilter"));
    m_flagFilter->addItem(tr("All flags"), -1);
    for (int f = 0; f <= int(QBiMux::FrameFlag::StreamClose); ++f)
        m_flagFilter->addItem(FrameNames::flagName(QBiMux::FrameFlag(f)), f);
    m_directionFilter->addItem(tr("Both directions"), -1);
    m_directionFilter->addItem(tr("→ out"), int(QBiMux::Direction::Outgoing));
    m_directionFilter->addItem(tr("← in"), int(QBiMux::Direction::Incoming));
    m_textFilter->setPlaceholderText(tr("Text in payload or error"));
    m_textFilter->setClearButtonEnabled(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest frame in view"));

    connect(m_routeFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        const bool ok = m_filter->setRouteFilter(text);
        m_routeFilter->setStyleSheet(ok ? QString() : QStringLiteral("color: #c02020"));
    });
    connect(m_flagFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setFlagFilter(m_flagFilter->currentData().toInt()); });
    connect(m_directionFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setDirectionFilter(m_directionFilter->currentData().toInt()); });
    connect(m_textFilter, &QLineEdit::textChanged, m_filter, &FrameFilterModel::setTextFilter);

    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // Fixed row heights: the view never measures rows, which keeps 100,000 of them cheap.
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int w = fontMetrics().averageCharWidth();
    m_table->setColumnWidth(FrameModel::TimeColumn,
                            fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000"))
                                + 2 * w);
    m_table->setColumnWidth(FrameModel::ConnectionColumn, 6 * w);
    m_table->setColumnWidth(FrameModel::DirectionColumn, 17 * w); // "→ out, injected"
    m_table->setColumnWidth(FrameModel::FlagColumn, 11 * w);
    m_table->setColumnWidth(FrameModel::NumberColumn, 9 * w);
    m_table->setColumnWidth(FrameModel::RouteColumn, 7 * w);
    m_table->setColumnWidth(FrameModel::SizeColumn, 8 * w);
    m_table->setColumnWidth(FrameModel::StatusColumn, 16 * w);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FramesView::showCurrent);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_table->scrollToBottom();
    });
    connect(m_detail, &FrameDetailView::partnerRequested, this, &FramesView::jumpToPartner);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_routeFilter, 1);
    filters->addWidget(m_flagFilter);
    filters->addWidget(m_directionFilter);
    filters->addWidget(m_textFilter, 2);
    filters->addWidget(m_follow);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
}

int FramesView::currentSourceRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_filter->mapToSource(current).row() : -1;
}

void FramesView::selectSourceRow(int sourceRow)
{
    const int row = m_filter->proxyRow(sourceRow);
    if (row < 0)
        return;
    // The user chose a frame: stop following so that it stays in view.
    m_follow->setChecked(false);
    const QModelIndex index = m_filter->index(row, 0);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

bool FramesView::jumpToPartner()
{
    const int partner = m_frames->partnerRow(currentSourceRow());
    if (partner < 0 || m_filter->proxyRow(partner) < 0) {
        emit statusMessage(partner < 0 ? tr("The other frame of this call is no longer kept.")
                                       : tr("The other frame of this call is filtered out."));
        return false;
    }
    selectSourceRow(partner);
    return true;
}

void FramesView::showCurrent()
{
    const int row = currentSourceRow();
    if (row < 0) {
        m_detail->clear();
        return;
    }
    m_detail->showFrame(m_frames->frame(row), m_frames->partnerRow(row) >= 0);
}
