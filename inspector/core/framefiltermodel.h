#ifndef FRAMEFILTERMODEL_H
#define FRAMEFILTERMODEL_H

#include <QtCore/qset.h>
#include <QtCore/qsortfilterproxymodel.h>

#include <optional>

class FrameModel;

// The frames the user wants to see: by route, flag, direction and a text in the payload
// or error message. Empty filters let everything through.
class FrameFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit FrameFilterModel(QObject *parent = nullptr);

    void setFrameModel(FrameModel *model);
    FrameModel *frameModel() const { return m_frames; }

    // "1, 3, 7-9"; empty for all routes. Returns false (filter unchanged) if unreadable.
    bool setRouteFilter(const QString &routes);
    void setRoutes(const QSet<qint32> &routes);
    // -1 for all, else int(QBiMux::FrameFlag) / int(QBiMux::Direction).
    void setFlagFilter(int flag);
    void setDirectionFilter(int direction);
    void setTextFilter(const QString &text);
    void setConnectionFilter(int connection); // 0 for all

    // The source row of a proxy row, and back; -1 when filtered out.
    int sourceRow(int proxyRow) const;
    int proxyRow(int sourceRow) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    FrameModel *m_frames = nullptr;
    QSet<qint32> m_routes;
    int m_flag = -1;
    int m_direction = -1;
    int m_connection = 0;
    QString m_text;
};

#endif // FRAMEFILTERMODEL_H
