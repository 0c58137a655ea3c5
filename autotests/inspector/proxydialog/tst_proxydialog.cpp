// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inspectorcontext.h"
#include "inspectorsettings.h"
#include "mainwindow.h"
#include "proxydialog.h"
#include "proxyserver.h"

#include "settingsfile.h"

#include <QtNetwork/qtcpserver.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>

// Start Proxy as a user meets it: nothing pretends to be a value, OK needs a real URL, a
// failure keeps what was typed and says why, and the values come back next time.
class tst_ProxyDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_settings = std::make_unique<SettingsFile>(); }
    void cleanup() { m_settings.reset(); }
    void okNeedsAnUpstreamUrl();
    void failedStartKeepsTheValuesAndSaysWhy();
    void valuesAreRememberedBetweenRuns();

private:
    std::unique_ptr<SettingsFile> m_settings;
};

void tst_ProxyDialog::okNeedsAnUpstreamUrl()
{
    ProxyDialog dialog;
    dialog.show();
    // Empty, with a hint that is plainly not a URL.
    QVERIFY(dialog.upstreamEdit()->text().isEmpty());
    QVERIFY(!dialog.upstreamEdit()->placeholderText().isEmpty());
    QVERIFY(!QUrl(dialog.upstreamEdit()->placeholderText()).isValid()
            || QUrl(dialog.upstreamEdit()->placeholderText()).host().isEmpty());
    QVERIFY(!dialog.okButton()->isEnabled());
    QTest::keyClick(dialog.upstreamEdit(), Qt::Key_Return); // OK by keyboard: nothing
    QVERIFY(dialog.isVisible());
    QTest::keyClicks(dialog.upstreamEdit(), QStringLiteral("http://example.org"));
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(!dialog.messageLabel()->text().isEmpty()); // says what is wrong
    dialog.upstreamEdit()->clear();
    QTest::keyClicks(dialog.upstreamEdit(), QStringLiteral("ws://127.0.0.1:12000/mux"));
    QVERIFY(dialog.okButton()->isEnabled());
    QVERIFY(dialog.messageLabel()->text().isEmpty());
}

void tst_ProxyDialog::failedStartKeepsTheValuesAndSaysWhy()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    InspectorContext context;
    MainWindow window(&context);
    ProxyDialog dialog;
    dialog.setStarter([&](quint16 port, const QUrl &upstream, QString *error) {
        return window.startProxy(port, upstream, error);
    });
    dialog.setPort(taken.serverPort());
    dialog.setUpstream(QUrl(QStringLiteral("ws://127.0.0.1:12000/mux")));
    dialog.open();
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    // Still open, with the values and the reason.
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(dialog.port(), taken.serverPort());
    QCOMPARE(dialog.upstream(), QUrl(QStringLiteral("ws://127.0.0.1:12000/mux")));
    QVERIFY2(dialog.messageLabel()->text().contains(QString::number(taken.serverPort())),
             qPrintable(dialog.messageLabel()->text()));
    QVERIFY(!context.proxy()->isListening());
    // Another port: it starts, and the dialog closes.
    dialog.setPort(0);
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(context.proxy()->isListening());
}

void tst_ProxyDialog::valuesAreRememberedBetweenRuns()
{
    QTcpServer probe; // a port that is free now
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    {
        ProxyDialog dialog;
        dialog.setStarter([](quint16, const QUrl &, QString *) { return true; });
        dialog.setPort(port);
        dialog.setUpstream(QUrl(QStringLiteral("ws://10.0.0.7:4000/bus")));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    ProxyDialog again;
    QCOMPARE(again.port(), port);
    QCOMPARE(again.upstream(), QUrl(QStringLiteral("ws://10.0.0.7:4000/bus")));
    QVERIFY(again.okButton()->isEnabled());
}

QTEST_MAIN(tst_ProxyDialog)
#include "tst_proxydialog.moc"
