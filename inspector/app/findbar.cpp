// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "findbar.h"

#include "framerecord.h"
#include "payloadformat.h"

#include <QtGui/qevent.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qstyle.h>
#include <QtWidgets/qtoolbutton.h>

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_mode(new QComboBox(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_close(new QToolButton(this))
    , m_result(new QLabel(this))
{
    m_edit->setObjectName(QStringLiteral("findEdit"));
    m_edit->setClearButtonEnabled(true);
    m_edit->installEventFilter(this);
    m_mode->addItem(QString(), Text);
    m_mode->addItem(QString(), Hex);
    m_previous->setArrowType(Qt::UpArrow);
    m_next->setArrowType(Qt::DownArrow);
    m_close->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    m_close->setAutoRaise(true);
    connect(m_edit, &QLineEdit::textChanged, this, &FindBar::queryChanged);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &FindBar::queryChanged);
    connect(m_next, &QToolButton::clicked, this, [this] { emit findRequested(true, true); });
    connect(m_previous, &QToolButton::clicked, this, [this] { emit findRequested(false, true); });
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        emit closed();
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_mode);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_result);
    layout->addWidget(m_close);
    retranslate();
}

void FindBar::retranslate()
{
    m_edit->setPlaceholderText(tr("Find in payloads"));
    m_mode->setItemText(Text, tr("Text"));
    m_mode->setItemText(Hex, tr("Hex bytes"));
    m_mode->setToolTip(tr("Text: ASCII letters in any case, in the payload or error message. "
                          "Hex bytes: like 0a ff 10, in the payload."));
    m_previous->setToolTip(tr("Previous match (Shift+F3)"));
    m_next->setToolTip(tr("Next match (F3)"));
    m_close->setToolTip(tr("Close (Escape)"));
}

void FindBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FindBar::activate()
{
    show();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void FindBar::queryChanged()
{
    m_valid = false;
    m_needle.clear();
    m_needleLatin1.clear();
    const QString query = m_edit->text();
    if (m_mode->currentData().toInt() == Hex) {
        const std::optional<QByteArray> bytes = PayloadFormat::parseHex(query);
        m_valid = bytes && !bytes->isEmpty();
        if (m_valid)
            m_needle = *bytes;
    } else {
        m_valid = !query.isEmpty();
        m_needle = query.toUtf8();
        if (std::all_of(query.cbegin(), query.cend(), [](QChar c) { return c.unicode() < 0x80; }))
            m_needleLatin1 = query.toLatin1();
    }
    m_edit->setStyleSheet(m_valid || query.isEmpty() ? QString()
                                                     : QStringLiteral("color: #c02020"));
    m_result->clear();
    if (m_valid)
        emit findRequested(true, false);
}

std::optional<bool> FindBar::matches(const FrameRecord &f) const
{
    if (!m_valid)
        return std::nullopt;
    if (m_mode->currentData().toInt() == Hex)
        return f.payload.contains(m_needle);
    if (f.payload.contains(m_needle))
        return true;
    if (!m_needleLatin1.isEmpty()
        && QLatin1StringView(f.payload).contains(QLatin1StringView(m_needleLatin1),
                                                 Qt::CaseInsensitive))
        return true;
    return f.errorMessage.contains(m_edit->text(), Qt::CaseInsensitive);
}

void FindBar::setResult(int matchingFrames, bool found)
{
    m_result->setText(found ? tr("%n frame(s) match", nullptr, matchingFrames) : tr("not found"));
    m_result->setStyleSheet(found ? QString() : QStringLiteral("color: #c02020"));
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool back = key->modifiers() & Qt::ShiftModifier;
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter
            || key->key() == Qt::Key_F3) {
            emit findRequested(!back, true);
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            hide();
            emit closed();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
