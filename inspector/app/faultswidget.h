// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FAULTSWIDGET_H
#define FAULTSWIDGET_H

#include <QtWidgets/qwidget.h>

class FaultInjector;
class ProxyServer;
QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
QT_END_NAMESPACE

// The proxy's fault injection: the rules (each can be switched on and off while traffic
// flows), a form to add one, and a button that cuts every proxied link at once.
class FaultsWidget : public QWidget
{
    Q_OBJECT

public:
    explicit FaultsWidget(ProxyServer *proxy, QWidget *parent = nullptr);

    QCheckBox *activeBox() const { return m_active; }
    QTableView *rulesView() const { return m_rules; }
    QComboBox *directionBox() const { return m_direction; }
    QLineEdit *routesEdit() const { return m_routes; }
    QComboBox *actionBox() const { return m_action; }
    QSpinBox *shareBox() const { return m_share; }
    QSpinBox *delayBox() const { return m_delay; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *cutButton() const { return m_cut; }

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void addRule();
    void updateState();

    ProxyServer *m_proxy;
    FaultInjector *m_faults;
    QCheckBox *m_active;
    QTableView *m_rules;
    QComboBox *m_direction;
    QLineEdit *m_routes;
    QComboBox *m_action;
    QSpinBox *m_share;
    QSpinBox *m_delay;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_cut;
    QLabel *m_note;
    QList<QLabel *> m_labels;
};

#endif // FAULTSWIDGET_H
