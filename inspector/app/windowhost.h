// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef WINDOWHOST_H
#define WINDOWHOST_H

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

class InspectorContext;
class MainWindow;

// Owns the inspector's windows: the live one (the user's proxy and attached apps), the
// demo's, and one per capture file opened, each with a context of its own so that their
// traffic never mixes. A capture file is read and checked whole before a window shows it;
// a file that does not read changes nothing. Applies what the user chose last time (route
// names, .proto files) and switches the language of every window in place.
class WindowHost : public QObject
{
    Q_OBJECT

public:
    explicit WindowHost(InspectorContext *live, QObject *parent = nullptr);
    ~WindowHost() override;

    // The live window.
    MainWindow *window() const { return m_live; }
    // Every window open (the live one first, also when hidden).
    QList<MainWindow *> windows() const;
    // A new window showing the capture file; nullptr and `error` set if it cannot be read.
    MainWindow *openCapture(const QString &path, QString *error = nullptr);
    // The demo's window, started (or raised) now; nullptr and `error` set if it fails.
    MainWindow *startDemo(QString *error = nullptr);
    MainWindow *demoWindow() const { return m_demo; }
    void showLive();
    // Installs `language` ("" for the system's); every window follows.
    void switchLanguage(const QString &language);

Q_SIGNALS:
    // After a switch; main() remembers the choice.
    void languageChanged(const QString &language);

private:
    MainWindow *adopt(MainWindow *window, InspectorContext *context);
    void applySettings();

    InspectorContext *m_context;
    QPointer<MainWindow> m_live;
    QPointer<MainWindow> m_demo;
    QList<QPointer<MainWindow>> m_captures;
};

#endif // WINDOWHOST_H
