#include "windowhost.h"

#include "languages.h"
#include "mainwindow.h"

WindowHost::WindowHost(InspectorContext *context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{
    createWindow();
}

WindowHost::~WindowHost()
{
    delete m_window;
}

void WindowHost::createWindow()
{
    m_window = new MainWindow(m_context);
    connect(m_window, &MainWindow::languageChangeRequested, this, &WindowHost::switchLanguage,
            Qt::QueuedConnection); // not while the menu that asked is still open
}

void WindowHost::switchLanguage(const QString &language)
{
    Languages::install(language);
    MainWindow *old = m_window;
    const QRect geometry = old->geometry();
    const bool visible = old->isVisible();
    createWindow();
    m_window->setGeometry(geometry);
    if (visible)
        m_window->show();
    delete old;
    emit languageChanged(language);
}
