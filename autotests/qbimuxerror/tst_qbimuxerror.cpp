// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include <QBiMuxError>

#include <QtCore/qfuture.h>
#include <QtCore/qpromise.h>
#include <QtTest/qtest.h>

class tst_QBiMuxError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void codesAreNumberedLikeGrpc();
    void carriesCodeMessageAndOrigin();
    void whatNamesTheCode();
    void cloneAndRaiseKeepTheType();
    void travelsThroughQFuture();
};

void tst_QBiMuxError::codesAreNumberedLikeGrpc()
{
    // These numbers are on the wire (docs/protocol.md): they must never change.
    QCOMPARE(int(QBiMux::StatusCode::Ok), 0);
    QCOMPARE(int(QBiMux::StatusCode::Cancelled), 1);
    QCOMPARE(int(QBiMux::StatusCode::DeadlineExceeded), 4);
    QCOMPARE(int(QBiMux::StatusCode::ResourceExhausted), 8);
    QCOMPARE(int(QBiMux::StatusCode::Unimplemented), 12);
    QCOMPARE(int(QBiMux::StatusCode::Internal), 13);
    QCOMPARE(int(QBiMux::StatusCode::Unavailable), 14);
    QCOMPARE(int(QBiMux::StatusCode::Unauthenticated), 16);
}

void tst_QBiMuxError::carriesCodeMessageAndOrigin()
{
    const QBiMuxError local(QBiMux::StatusCode::DeadlineExceeded, QStringLiteral("late"));
    QCOMPARE(local.code(), QBiMux::StatusCode::DeadlineExceeded);
    QCOMPARE(local.message(), QStringLiteral("late"));
    QCOMPARE(local.origin(), QBiMuxStatus::Origin::Local);
    QVERIFY(!local.isRemote());

    const QBiMuxError remote(QBiMux::StatusCode::NotFound, QStringLiteral("x"),
                             QBiMuxStatus::Origin::Remote);
    QVERIFY(remote.isRemote());
}

void tst_QBiMuxError::whatNamesTheCode()
{
    const QBiMuxError error(QBiMux::StatusCode::Unavailable, QStringLiteral("disconnected"));
    QCOMPARE(QByteArray(error.what()), QByteArray("Unavailable: disconnected"));
    const QBiMuxError custom(QBiMux::StatusCode(77), QStringLiteral("from a newer peer"));
    QCOMPARE(QByteArray(custom.what()), QByteArray("77: from a newer peer"));
}

void tst_QBiMuxError::cloneAndRaiseKeepTheType()
{
    const QBiMuxError error(QBiMux::StatusCode::Aborted, QStringLiteral("stop"));
    std::unique_ptr<QBiMuxError> copy(error.clone());
    QCOMPARE(copy->code(), QBiMux::StatusCode::Aborted);
    try {
        copy->raise();
        QFAIL("raise() returned");
    } catch (const QBiMuxError &raised) {
        QCOMPARE(raised.message(), QStringLiteral("stop"));
    }
}

void tst_QBiMuxError::travelsThroughQFuture()
{
    QPromise<QByteArray> promise;
    promise.setException(QBiMuxError(QBiMux::StatusCode::PermissionDenied, QStringLiteral("no")));
    promise.finish();
    QBiMux::StatusCode seen = QBiMux::StatusCode::Ok;
    promise.future().then([](const QByteArray &) {}).onFailed([&](const QBiMuxError &error) {
        seen = error.code();
    });
    QCOMPARE(seen, QBiMux::StatusCode::PermissionDenied);
}

QTEST_MAIN(tst_QBiMuxError)
#include "tst_qbimuxerror.moc"
