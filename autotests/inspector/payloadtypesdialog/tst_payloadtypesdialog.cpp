// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framedetailview.h"
#include "payloaddecoder.h"
#include "payloadtypesdialog.h"

#include "protofiles.h"
#include "shared_frames.h"

#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qspinbox.h>

// Naming a .proto file and types as a user would; the detail pane then decodes.
class tst_PayloadTypesDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void choosingTypesDecodesTheDetail();
    void unknownTypeKeepsTheDialogOpen();
    void brokenFileIsReported();

private:
    QTemporaryDir m_dir;
};

void tst_PayloadTypesDialog::initTestCase()
{
    QVERIFY(writeProtoFiles(m_dir.path()));
}

void tst_PayloadTypesDialog::choosingTypesDecodesTheDetail()
{
    PayloadDecoder decoder;
    PayloadTypesDialog dialog(&decoder, 2);
    dialog.show();
    QCOMPARE(dialog.routeBox()->value(), 2);
    QTest::keyClicks(dialog.protoFileEdit(), m_dir.filePath(QStringLiteral("reading.proto")));
    QTest::keyClick(dialog.protoFileEdit(), Qt::Key_Return); // editing finished: loads
    QTRY_COMPARE(dialog.requestTypeBox()->count(), 3); // none, demo.Ack, demo.Reading
    dialog.requestTypeBox()->setCurrentText(QStringLiteral("demo.Reading"));
    dialog.responseTypeBox()->setCurrentText(QStringLiteral("demo.Ack"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(decoder.hasRoute(2));

    FrameDetailView detail;
    detail.setDecoder(&decoder);
    detail.show();
    detail.showFrame(makeFrame(1, Out, Request, 1, 2, readingBytes()), false);
    QVERIFY(detail.decodedText().contains(QStringLiteral("unit: KELVIN")));
    detail.showFrame(makeFrame(1, Out, Request, 1, 3, readingBytes()), false);
    QCOMPARE(detail.decodedText(), QString()); // route 3 has no type
}

void tst_PayloadTypesDialog::unknownTypeKeepsTheDialogOpen()
{
    PayloadDecoder decoder;
    QVERIFY(decoder.loadProto(m_dir.filePath(QStringLiteral("reading.proto"))));
    PayloadTypesDialog dialog(&decoder, 7);
    dialog.show();
    dialog.requestTypeBox()->setCurrentText(QStringLiteral("demo.Missing"));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.errorLabel()->isVisible());
    QVERIFY(!decoder.hasRoute(7));
}

void tst_PayloadTypesDialog::brokenFileIsReported()
{
    PayloadDecoder decoder;
    PayloadTypesDialog dialog(&decoder, 1);
    dialog.show();
    dialog.protoFileEdit()->setText(m_dir.filePath(QStringLiteral("broken.proto")));
    QVERIFY(!dialog.loadFile());
    QVERIFY(dialog.errorLabel()->isVisible());
    QVERIFY(dialog.errorLabel()->text().contains(QStringLiteral("broken.proto")));
}

QTEST_MAIN(tst_PayloadTypesDialog)
#include "tst_payloadtypesdialog.moc"
