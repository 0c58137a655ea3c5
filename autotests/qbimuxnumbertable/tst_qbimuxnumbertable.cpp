// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxnumbertable_p.h"

#include <QtCore/qstring.h>
#include <QtTest/qtest.h>

#include <memory>
#include <optional>

class tst_QBiMuxNumberTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertFindTake();
    void numberZeroIsAnOrdinaryNumber();
    void longLivedEntrySurvivesManyLaterOnes();
    void collidingNumbersAreAllKept();
    void takeAllEmptiesTheTable();
    void movedOutValuesLeaveNothingBehind();
};

void tst_QBiMuxNumberTable::insertFindTake()
{
    QBiMuxNumberTable<QString> table;
    QVERIFY(!table.find(1));
    QVERIFY(!table.take(1));
    table.insert(1, QStringLiteral("one"));
    table.insert(2, QStringLiteral("two"));
    QCOMPARE(table.size(), 2);
    QVERIFY(table.contains(1));
    QCOMPARE(*table.find(2), QStringLiteral("two"));
    QCOMPARE(table.take(1), QStringLiteral("one"));
    QVERIFY(!table.contains(1));
    QVERIFY(!table.take(1));
    QCOMPARE(table.size(), 1);
    // 65 and 1 share a place in the first ring; 1 is free again.
    table.insert(65, QStringLiteral("sixty-five"));
    table.insert(1, QStringLiteral("one again"));
    QCOMPARE(*table.find(65), QStringLiteral("sixty-five"));
    QCOMPARE(*table.find(1), QStringLiteral("one again"));
}

void tst_QBiMuxNumberTable::numberZeroIsAnOrdinaryNumber()
{
    // 0 marks a free place in the ring, yet a peer may number a request 0.
    QBiMuxNumberTable<QString> table;
    QVERIFY(!table.contains(0));
    table.insert(64, QStringLiteral("sixty-four")); // the place 0 would have
    QVERIFY(!table.contains(0));
    table.insert(0, QStringLiteral("zero"));
    QVERIFY(table.contains(0));
    QCOMPARE(table.take(0), QStringLiteral("zero"));
    QVERIFY(!table.contains(0));
    QCOMPARE(table.take(64), QStringLiteral("sixty-four"));
    QVERIFY(table.isEmpty());
}

void tst_QBiMuxNumberTable::longLivedEntrySurvivesManyLaterOnes()
{
    // One slow call while 100,000 quick ones pass: their numbers wrap around its place
    // in the ring again and again.
    QBiMuxNumberTable<int> table;
    table.insert(1, 99);
    for (quint64 number = 2; number < 100000; ++number) {
        table.insert(number, int(number));
        if (number % 2 == 1) { // answered in pairs, the later one first
            QCOMPARE(table.take(number), int(number));
            QCOMPARE(table.take(number - 1), int(number - 1));
        }
    }
    QCOMPARE(table.size(), 1);
    QCOMPARE(table.take(1), 99);
    QVERIFY(table.isEmpty());
}

void tst_QBiMuxNumberTable::collidingNumbersAreAllKept()
{
    // Numbers that all map to one place of any ring up to its largest size, and a few
    // that map elsewhere: the overflow holds them, and growing the ring keeps them.
    QBiMuxNumberTable<int> table;
    std::vector<quint64> numbers;
    for (quint64 i = 1; i <= 290; ++i)
        numbers.push_back(i * 65536 * 4);
    for (quint64 i = 1; i <= 10; ++i)
        numbers.push_back(i);
    for (size_t i = 0; i < numbers.size(); ++i)
        table.insert(numbers[i], int(i));
    QCOMPARE(table.size(), 300);
    for (size_t i = 0; i < numbers.size(); i += 2)
        QCOMPARE(table.take(numbers[i]), int(i));
    for (size_t i = 1; i < numbers.size(); i += 2)
        QCOMPARE(*table.find(numbers[i]), int(i));
    QCOMPARE(table.size(), 150);
}

void tst_QBiMuxNumberTable::takeAllEmptiesTheTable()
{
    QBiMuxNumberTable<int> table;
    for (quint64 number = 0; number < 200; number += 3) // ring and overflow both
        table.insert(number * 64, int(number));
    const int count = table.size();
    std::vector<std::pair<quint64, int>> all = table.takeAll();
    QCOMPARE(int(all.size()), count);
    for (const auto &[number, value] : all)
        QCOMPARE(number, quint64(value) * 64);
    QVERIFY(table.isEmpty());
    QVERIFY(!table.contains(0));
    QVERIFY(!table.contains(64 * 3));
}

void tst_QBiMuxNumberTable::movedOutValuesLeaveNothingBehind()
{
    // A taken value must not stay alive in the ring: the muxer relies on that to release
    // a call's state (a reply handler's captures, say) once it ended. A moved-from value
    // may keep what it held, as this one does on purpose.
    struct KeepsWhenMoved
    {
        std::shared_ptr<int> held;
        KeepsWhenMoved() = default;
        explicit KeepsWhenMoved(std::shared_ptr<int> value)
            : held(std::move(value))
        { }
        KeepsWhenMoved(KeepsWhenMoved &&other) noexcept
            : held(other.held)
        { }
        KeepsWhenMoved &operator=(KeepsWhenMoved &&other) noexcept
        {
            held = other.held;
            return *this;
        }
    };
    QBiMuxNumberTable<KeepsWhenMoved> table;
    auto value = std::make_shared<int>(7);
    const std::weak_ptr<int> watch = value;
    table.insert(5, KeepsWhenMoved(std::move(value)));
    std::optional<KeepsWhenMoved> taken = table.take(5);
    QVERIFY(taken);
    taken.reset();
    QVERIFY(watch.expired());
}

QTEST_GUILESS_MAIN(tst_QBiMuxNumberTable)
#include "tst_qbimuxnumbertable.moc"
