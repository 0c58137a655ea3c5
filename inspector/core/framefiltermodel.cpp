#include "framefiltermodel.h"

#include "framemodel.h"

#include <QtCore/qregularexpression.h>

FrameFilterModel::FrameFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Never sorted: frames stay in arrival order, so inserts at the end stay cheap.
    setDynamicSortFilter(true);
}

void FrameFilterModel::setFrameModel(FrameModel *model)
{
    m_frames = model;
    setSourceModel(model);
}

bool FrameFilterModel::setRouteFilter(const QString &routes)
{
    QSet<qint32> parsed;
    const QStringList parts
        = routes.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype dash = part.indexOf(QLatin1Char('-'), 1);
        bool ok1 = false;
        bool ok2 = true;
        const qint32 from = (dash > 0 ? part.left(dash) : part).toInt(&ok1);
        const qint32 to = dash > 0 ? part.mid(dash + 1).toInt(&ok2) : from;
        if (!ok1 || !ok2 || to < from || to - from > 100000)
            return false;
        for (qint32 r = from; r <= to; ++r)
            parsed.insert(r);
    }
    setRoutes(parsed);
    return true;
}

void FrameFilterModel::setRoutes(const QSet<qint32> &routes)
{
    m_routes = routes;
    invalidateFilter();
}

void FrameFilterModel::setFlagFilter(int flag)
{
    m_flag = flag;
    invalidateFilter();
}

void FrameFilterModel::setDirectionFilter(int direction)
{
    m_direction = direction;
    invalidateFilter();
}

void FrameFilterModel::setTextFilter(const QString &text)
{
    m_text = text;
    invalidateFilter();
}

void FrameFilterModel::setConnectionFilter(int connection)
{
    m_connection = connection;
    invalidateFilter();
}

int FrameFilterModel::sourceRow(int proxyRow) const
{
    return mapToSource(index(proxyRow, 0)).row();
}

int FrameFilterModel::proxyRow(int sourceRow) const
{
    if (!m_frames)
        return -1;
    return mapFromSource(m_frames->index(sourceRow, 0)).row();
}

bool FrameFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    Q_UNUSED(sourceParent);
    if (!m_frames)
        return true;
    // Straight to the record: this runs for every frame at full rate.
    const FrameRecord &f = m_frames->frame(sourceRow);
    if (!m_routes.isEmpty() && !m_routes.contains(f.route))
        return false;
    if (m_flag >= 0 && int(f.flag) != m_flag)
        return false;
    if (m_direction >= 0 && int(f.direction) != m_direction)
        return false;
    if (m_connection > 0 && f.connection != m_connection)
        return false;
    if (!m_text.isEmpty()) {
        const QByteArray needle = m_text.toUtf8();
        if (!f.payload.contains(needle) && !f.errorMessage.contains(m_text, Qt::CaseInsensitive)
            && !f.payload.toLower().contains(needle.toLower()))
            return false;
    }
    return true;
}
