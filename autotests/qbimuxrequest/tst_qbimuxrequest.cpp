// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QtCore/qthread.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// Each test gets a live pair whose server side hands every request to `held`.
class tst_QBiMuxRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void defaultConstructedIsInvalid();
    void copiesShareOneAnswer();
    void failWithOkBecomesUnknown();
    void replyWithFutureResult();
    void replyWithFailedFuture_data();
    void replyWithFailedFuture();
    void onCancelledRunsInContextThread();
    void onCancelledAfterCancelRunsAtOnce();
    void onCancelledNotCalledAfterAnswer();
    void answerToACancelledRequestIsRefused_data();
    void answerToACancelledRequestIsRefused();
    void handleOutlivesMuxer();
    void lastCopyGoneAnswersByItself();

private:
    QBiMuxRequest nextRequest(QFuture<QByteArray> *call, std::chrono::milliseconds timeout = 30s);

    std::unique_ptr<MuxerPair> m_pair;
    QList<QBiMuxRequest> m_held;
};

void tst_QBiMuxRequest::init()
{
    m_pair = std::make_unique<MuxerPair>();
    QVERIFY(m_pair->connect());
    connect(m_pair->serverSide, &QBiMuxer::requestReceived, this,
            [this](const QBiMuxRequest &request) { m_held.append(request); });
}

void tst_QBiMuxRequest::cleanup()
{
    m_held.clear();
    m_pair.reset();
}

QBiMuxRequest tst_QBiMuxRequest::nextRequest(QFuture<QByteArray> *call,
                                             std::chrono::milliseconds timeout)
{
    const qsizetype before = m_held.size();
    *call = m_pair->client->rpc(1, "payload", QBiMuxCallOptions().setTimeout(timeout));
    QDeadlineTimer deadline(10000);
    while (m_held.size() == before && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return m_held.size() > before ? m_held.takeLast() : QBiMuxRequest();
}

void tst_QBiMuxRequest::defaultConstructedIsInvalid()
{
    QBiMuxRequest request;
    QVERIFY(!request.isValid());
    QCOMPARE(request.route(), 0);
    QCOMPARE(request.number(), 0u);
    QVERIFY(request.data().isEmpty());
    QVERIFY(request.deadline().isForever());
    QVERIFY(!request.reply("x"));
    QVERIFY(!request.fail(QBiMux::StatusCode::Internal, QString()));
    QVERIFY(!request.isAnswered());
    QVERIFY(!request.isCancelled());
}

void tst_QBiMuxRequest::copiesShareOneAnswer()
{
    QFuture<QByteArray> call;
    const QBiMuxRequest request = nextRequest(&call);
    QVERIFY(request.isValid());
    QCOMPARE(request.data(), QByteArray("payload"));
    QBiMuxRequest copy = request;
    QVERIFY(copy.reply("first"));
    QVERIFY(request.isAnswered());
    QVERIFY(!request.reply("second"));
    QVERIFY(!request.fail(QBiMux::StatusCode::Aborted, QString()));
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("first"));
}

void tst_QBiMuxRequest::failWithOkBecomesUnknown()
{
    QFuture<QByteArray> call;
    const QBiMuxRequest request = nextRequest(&call);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("StatusCode::Ok")));
    QVERIFY(request.fail(QBiMux::StatusCode::Ok, QStringLiteral("confused")));
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unknown);
    QCOMPARE(errorOf(call).message(), QStringLiteral("confused"));
}

void tst_QBiMuxRequest::replyWithFutureResult()
{
    QFuture<QByteArray> call;
    const QBiMuxRequest request = nextRequest(&call);
    QPromise<QByteArray> work;
    work.start();
    request.reply(work.future());
    QVERIFY(!request.isAnswered());
    work.addResult("computed");
    work.finish();
    QVERIFY(request.isAnswered());
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("computed"));
}

void tst_QBiMuxRequest::replyWithFailedFuture_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QBiMux::StatusCode>("expected");
    QTest::newRow("QBiMuxError") << 0 << QBiMux::StatusCode::NotFound;
    QTest::newRow("std::exception") << 1 << QBiMux::StatusCode::Internal;
    QTest::newRow("cancelled") << 2 << QBiMux::StatusCode::Cancelled;
}

void tst_QBiMuxRequest::replyWithFailedFuture()
{
    QFETCH(int, kind);
    QFETCH(QBiMux::StatusCode, expected);
    QFuture<QByteArray> call;
    const QBiMuxRequest request = nextRequest(&call);
    QPromise<QByteArray> work;
    work.start();
    request.reply(work.future());
    if (kind == 0)
        work.setException(QBiMuxError(QBiMux::StatusCode::NotFound, QStringLiteral("no such")));
    else if (kind == 1)
        work.setException(std::make_exception_ptr(std::runtime_error("broken")));
    else
        work.future().cancel();
    work.finish();
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), expected);
}

void tst_QBiMuxRequest::onCancelledRunsInContextThread()
{
    QFuture<QByteArray> call;
    const QBiMuxRequest request = nextRequest(&call);
    QThread worker;
    QObject context;
    context.moveToThread(&worker);
    worker.start();
    std::atomic<QThread *> ranIn {nullptr};
    request.onCancelled(&context, [&] { ranIn = QThread::currentThread(); });
    call.cancel();
    QTRY_VERIFY(ranIn.load() != nullptr);
    QCOMPARE(ranIn.load(), &worker);
    worker.quit();
    QVERIFY(worker.wait(10000));
}

void tst_QBiMuxRequest::onCancelledAfterCancelRunsAtOnce()
{
    QFuture<QByteArray> call;
    const QBiMuxRequest request = nextRequest(&call);
    call.cancel();
    QTRY_VERIFY(request.isCancelled());
    bool ran = false;
    request.onCancelled(this, [&] { ran = true; });
    QVERIFY(ran);
}

void tst_QBiMuxRequest::onCancelledNotCalledAfterAnswer()
{
    QFuture<QByteArray> call;
    const QBiMuxRequest request = nextRequest(&call, 100ms);
    bool ran = false;
    request.onCancelled(this, [&] { ran = true; });
    request.reply("answered in time");
    // The caller's timeout (or a cancel) after the answer must not reach the handler.
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("answered in time"));
    m_pair->client->close();
    QTRY_COMPARE(m_pair->server->connectionCount(), 0);
    QVERIFY(!ran);
}

void tst_QBiMuxRequest::answerToACancelledRequestIsRefused_data()
{
    QTest::addColumn<bool>("byClosing");
    QTest::newRow("cancelled by the caller") << false;
    QTest::newRow("connection gone") << true;
}

void tst_QBiMuxRequest::answerToACancelledRequestIsRefused()
{
    QFETCH(bool, byClosing);
    QFuture<QByteArray> call;
    const QBiMuxRequest request = nextRequest(&call);
    if (byClosing)
        m_pair->client->close();
    else
        call.cancel();
    QTRY_VERIFY(request.isCancelled());
    // reply() said true though nothing was sent.
    QVERIFY(!request.reply("too late"));
    QVERIFY(!request.fail(QBiMux::StatusCode::Aborted, QStringLiteral("too late")));
    QVERIFY(!request.isAnswered());
}

void tst_QBiMuxRequest::handleOutlivesMuxer()
{
    QFuture<QByteArray> call;
    const QBiMuxRequest request = nextRequest(&call);
    m_pair.reset(); // server, both muxers and the client are gone
    QVERIFY(request.isCancelled());
    QVERIFY(!request.reply("into the void")); // safe, and refused: nobody can hear it
    QVERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);
}

void tst_QBiMuxRequest::lastCopyGoneAnswersByItself()
{
    QFuture<QByteArray> call;
    QBiMuxRequest request = nextRequest(&call);
    {
        // Every way a handle is made and dropped: copy, copy-assign, move, move-assign.
        QBiMuxRequest copy = request;
        QBiMuxRequest assigned;
        assigned = copy;
        QBiMuxRequest moved = std::move(assigned);
        moved = request;
        QBiMuxRequest moveAssigned;
        moveAssigned = std::move(moved);
        QVERIFY(moveAssigned.isValid());
    }
    // A later call answered proves that an answer to the first, had one been sent when
    // the copies went, would have arrived by now: both travel the same connection.
    QFuture<QByteArray> later;
    QBiMuxRequest laterRequest = nextRequest(&later);
    QVERIFY(laterRequest.reply("later"));
    QVERIFY(waitForFinished(later));
    QVERIFY(!call.isFinished());

    request = QBiMuxRequest(); // the last handle
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Internal);
}

QTEST_MAIN(tst_QBiMuxRequest)
#include "tst_qbimuxrequest.moc"
