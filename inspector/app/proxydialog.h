#ifndef PROXYDIALOG_H
#define PROXYDIALOG_H

#include <QtCore/qurl.h>
#include <QtWidgets/qdialog.h>

QT_BEGIN_NAMESPACE
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

// Asks where the proxy listens (a local port) and where it forwards to (ws:// URL).
class ProxyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ProxyDialog(QWidget *parent = nullptr);

    quint16 port() const;
    void setPort(quint16 port);
    QUrl upstream() const;
    void setUpstream(const QUrl &url);

private:
    QSpinBox *m_port;
    QLineEdit *m_upstream;
};

#endif // PROXYDIALOG_H
