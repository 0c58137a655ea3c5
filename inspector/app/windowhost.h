#ifndef WINDOWHOST_H
#define WINDOWHOST_H

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

class InspectorContext;
class MainWindow;

// Owns the inspector's window and rebuilds it in another language when the user picks
// one from the Language menu: every text is set again, while the context (and so the
// capture in progress) stays.
class WindowHost : public QObject
{
    Q_OBJECT

public:
    explicit WindowHost(InspectorContext *context, QObject *parent = nullptr);
    ~WindowHost() override;

    MainWindow *window() const { return m_window; }
    // Installs `language` ("" for the system's) and rebuilds the window.
    void switchLanguage(const QString &language);

Q_SIGNALS:
    // After a switch; main() remembers the choice.
    void languageChanged(const QString &language);

private:
    void createWindow();

    InspectorContext *m_context;
    QPointer<MainWindow> m_window;
};

#endif // WINDOWHOST_H
