// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxError>
#include <QBiMuxStatus>

#include <QtCore/qmetaobject.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// QBiMuxStatus, the value the reply-handler form of rpc() and interceptors deal in, and
// the names of the status codes.
class tst_QBiMuxStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultIsOk();
    void carriesCodeMessageAndOrigin();
    void comparesByValue();
    void debugOutput();
    void everyCodeHasItsEnumName();
    void unknownCodeIsItsNumber();
    void codesPrintWithQDebug();
    void errorIsBuiltFromAStatusThatIsNeverOk();
    void replyHandlerGetsTheStatusAndItsOrigin();
};

void tst_QBiMuxStatus::defaultIsOk()
{
    const QBiMuxStatus status;
    QVERIFY(status.isOk());
    QCOMPARE(status.code(), QBiMux::StatusCode::Ok);
    QVERIFY(status.message().isEmpty());
    QCOMPARE(status.origin(), QBiMuxStatus::Origin::Local);
    QVERIFY(!status.isRemote());
}

void tst_QBiMuxStatus::carriesCodeMessageAndOrigin()
{
    const QBiMuxStatus status(QBiMux::StatusCode::NotFound, QStringLiteral("no sensor"),
                              QBiMuxStatus::Origin::Remote);
    QVERIFY(!status.isOk());
    QCOMPARE(status.code(), QBiMux::StatusCode::NotFound);
    QCOMPARE(status.message(), QStringLiteral("no sensor"));
    QVERIFY(status.isRemote());
}

void tst_QBiMuxStatus::comparesByValue()
{
    const QBiMuxStatus a(QBiMux::StatusCode::Aborted, QStringLiteral("x"));
    QBiMuxStatus b = a;
    QCOMPARE(a, b);
    b = QBiMuxStatus(QBiMux::StatusCode::Aborted, QStringLiteral("x"),
                     QBiMuxStatus::Origin::Remote);
    QVERIFY(a != b);
    QVERIFY(a != QBiMuxStatus(QBiMux::StatusCode::Aborted, QStringLiteral("y")));
    QVERIFY(a != QBiMuxStatus());
    QBiMuxStatus c;
    c.swap(b);
    QVERIFY(c.isRemote());
    QVERIFY(b.isOk());
}

void tst_QBiMuxStatus::debugOutput()
{
    QString text;
    QDebug(&text) << QBiMuxStatus(QBiMux::StatusCode::NotFound, QStringLiteral("no sensor"),
                                  QBiMuxStatus::Origin::Remote);
    QCOMPARE(text, QStringLiteral("QBiMuxStatus(NotFound, \"no sensor\", Remote) "));
    text.clear();
    QDebug(&text) << QBiMuxStatus();
    QCOMPARE(text, QStringLiteral("QBiMuxStatus(Ok, \"\", Local) "));
}

void tst_QBiMuxStatus::everyCodeHasItsEnumName()
{
    // statusCodeName() is a switch of its own, not QMetaEnum: it must say what the enum says.
    const QMetaEnum meta = QMetaEnum::fromType<QBiMux::StatusCode>();
    QCOMPARE(meta.keyCount(), 17);
    for (int i = 0; i < meta.keyCount(); ++i) {
        const auto code = QBiMux::StatusCode(meta.value(i));
        QCOMPARE(QBiMux::statusCodeName(code), QString::fromLatin1(meta.key(i)));
    }
}

void tst_QBiMuxStatus::unknownCodeIsItsNumber()
{
    QCOMPARE(QBiMux::statusCodeName(QBiMux::StatusCode(4242)), QStringLiteral("4242"));
    QCOMPARE(QBiMux::statusCodeName(QBiMux::StatusCode(-3)), QStringLiteral("-3"));
}

void tst_QBiMuxStatus::codesPrintWithQDebug()
{
    QString text;
    QDebug(&text) << QBiMux::StatusCode::DeadlineExceeded;
    QVERIFY2(text.contains(QStringLiteral("DeadlineExceeded")), qPrintable(text));
}

void tst_QBiMuxStatus::errorIsBuiltFromAStatusThatIsNeverOk()
{
    const QBiMuxStatus status(QBiMux::StatusCode::PermissionDenied, QStringLiteral("no"),
                              QBiMuxStatus::Origin::Remote);
    const QBiMuxError error(status);
    QCOMPARE(error.status(), status);
    QCOMPARE(error.code(), QBiMux::StatusCode::PermissionDenied);
    QVERIFY(error.isRemote());
    QCOMPARE(QByteArray(error.what()), QByteArray("PermissionDenied: no"));

    // Ok is no error: such an error says Unknown, keeping the message and origin.
    const QBiMuxError notOk(
        QBiMuxStatus(QBiMux::StatusCode::Ok, QStringLiteral("odd"), QBiMuxStatus::Origin::Remote));
    QCOMPARE(notOk.code(), QBiMux::StatusCode::Unknown);
    QCOMPARE(notOk.message(), QStringLiteral("odd"));
    QVERIFY(notOk.isRemote());
    QCOMPARE(QBiMuxError(QBiMux::StatusCode::Ok, QString()).code(), QBiMux::StatusCode::Unknown);
}

void tst_QBiMuxStatus::replyHandlerGetsTheStatusAndItsOrigin()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, nullptr, [](const QBiMuxRequest &request) {
        request.fail(QBiMux::StatusCode::NotFound, QStringLiteral("no sensor"));
    });
    pair.serverSide->setRequestHandler(2, nullptr, [](const QByteArray &data) { return data; });
    QList<QBiMuxStatus> statuses;
    const auto record = [&statuses](const QByteArray &, const QBiMuxStatus &status) {
        statuses.append(status);
    };
    pair.client->rpc(1, "temperature", {}, this, record);
    pair.client->rpc(2, "echo", {}, this, record);
    // Refused here: too large for the connection.
    pair.client->setSettings(pair.client->settings().setMaxMessageSize(1024));
    pair.client->rpc(2, QByteArray(2048, 'x'), {}, this, record);
    QTRY_COMPARE(statuses.size(), 3);
    const auto find = [&statuses](QBiMux::StatusCode code) {
        for (const QBiMuxStatus &status : std::as_const(statuses)) {
            if (status.code() == code)
                return status;
        }
        return QBiMuxStatus(QBiMux::StatusCode::Unknown, QStringLiteral("(none)"));
    };
    QCOMPARE(find(QBiMux::StatusCode::NotFound),
             QBiMuxStatus(QBiMux::StatusCode::NotFound, QStringLiteral("no sensor"),
                          QBiMuxStatus::Origin::Remote));
    QVERIFY(find(QBiMux::StatusCode::Ok).isOk());
    QCOMPARE(find(QBiMux::StatusCode::ResourceExhausted).origin(), QBiMuxStatus::Origin::Local);
}

QTEST_MAIN(tst_QBiMuxStatus)
#include "tst_qbimuxstatus.moc"
