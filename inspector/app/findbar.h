// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FINDBAR_H
#define FINDBAR_H

#include <QtWidgets/qwidget.h>

#include <optional>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
QT_END_NAMESPACE
struct FrameRecord;

// Search in the frames shown (Ctrl+F): a text in the payload (ASCII letters in any case)
// or error message, or bytes given in hex. Enter or F3 finds the next frame, Shift+Enter
// or Shift+F3 the one before, Escape closes.
class FindBar : public QWidget
{
    Q_OBJECT

public:
    enum Mode { Text, Hex };

    explicit FindBar(QWidget *parent = nullptr);

    QLineEdit *edit() const { return m_edit; }
    QComboBox *modeBox() const { return m_mode; }
    // Whether `frame` matches; std::nullopt while the query is empty or not hex in Hex mode.
    std::optional<bool> matches(const FrameRecord &frame) const;
    // What the last search found: shown next to the field.
    void setResult(int matchingFrames, bool found);
    // Shows the bar and puts the cursor in it, the query selected.
    void activate();

Q_SIGNALS:
    // Find the next (or previous) matching frame; `again` false while typing, so that
    // the current frame itself counts.
    void findRequested(bool forward, bool again);
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void queryChanged();

    QLineEdit *m_edit;
    QComboBox *m_mode;
    QToolButton *m_previous;
    QToolButton *m_next;
    QToolButton *m_close;
    QLabel *m_result;
    QByteArray m_needle;
    QByteArray m_needleLatin1;
    bool m_valid = false;
};

#endif // FINDBAR_H
