// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "windowhost.h"

#include "capturefile.h"
#include "inspectorcontext.h"
#include "inspectorlogging.h"
#include "inspectorsession.h"
#include "inspectorsettings.h"
#include "languages.h"
#include "mainwindow.h"
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
#include "payloaddecoder.h"
#endif

WindowHost::WindowHost(InspectorContext *live, QObject *parent)
    : QObject(parent)
    , m_context(live)
{
    applySettings();
    m_live = adopt(new MainWindow(live, MainWindow::Kind::Live), nullptr);
}

WindowHost::~WindowHost()
{
    // The demo's and the captures' windows take their contexts with them.
    for (const QPointer<MainWindow> &w : std::as_const(m_captures))
        delete w.data();
    delete m_demo.data();
    delete m_live.data();
}

void WindowHost::applySettings()
{
    const InspectorSettings settings;
    const QHash<qint32, QString> names = settings.routeNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        m_context->session()->routes()->setRouteName(it.key(), it.value());
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
    if (PayloadDecoder *decoder = m_context->decoder()) {
        for (const QString &file : settings.protoFiles()) {
            QString error;
            if (!decoder->loadProto(file, &error))
                qCWarning(lcCapture) << "cannot load" << file << "again:" << error;
        }
        const auto types = settings.routeTypes();
        for (auto it = types.cbegin(); it != types.cend(); ++it)
            decoder->setRouteTypes(it.key(), it->first, it->second);
    }
#endif
}

MainWindow *WindowHost::adopt(MainWindow *window, InspectorContext *context)
{
    connect(window, &MainWindow::languageChangeRequested, this, &WindowHost::switchLanguage,
            Qt::QueuedConnection); // not while the menu that asked is still open
    connect(window, &MainWindow::captureOpenRequested, this, [this, window](const QString &path) {
        QString error;
        if (!openCapture(path, &error))
            window->showError(MainWindow::tr("Cannot open %1: %2").arg(path, error));
    });
    connect(window, &MainWindow::demoRequested, this, [this, window] {
        QString error;
        if (!startDemo(&error))
            window->showError(error);
    });
    connect(window, &MainWindow::liveWindowRequested, this, &WindowHost::showLive);
    if (context) {
        // A window of its own: closing it ends its context (the demo's traffic too).
        window->setAttribute(Qt::WA_DeleteOnClose);
        window->takeOwnershipOfContext();
        if (m_live)
            window->move(m_live->pos() + QPoint(40, 40) * int(m_captures.size() + 1));
    }
    return window;
}

QList<MainWindow *> WindowHost::windows() const
{
    QList<MainWindow *> all;
    if (m_live)
        all.append(m_live);
    if (m_demo)
        all.append(m_demo);
    for (const QPointer<MainWindow> &w : m_captures) {
        if (w)
            all.append(w);
    }
    return all;
}

MainWindow *WindowHost::openCapture(const QString &path, QString *error)
{
    // All of it read and checked first: a bad line changes nothing anywhere.
    CaptureFile::Capture capture;
    if (!CaptureFile::read(path, &capture, error))
        return nullptr;
    auto *context = new InspectorContext;
    // The .proto files the user named apply to every window (before the window uses it).
    context->setDecoder(m_context->sharedDecoder());
    CaptureFile::apply(std::move(capture), context->session());
    auto *window = adopt(new MainWindow(context, MainWindow::Kind::Capture), context);
    window->setCaptureFile(path);
    m_captures.removeAll(nullptr);
    m_captures.append(window);
    window->show();
    qCInfo(lcCapture) << "opened" << path << "in a window of its own";
    return window;
}

MainWindow *WindowHost::startDemo(QString *error)
{
    if (m_demo) {
        m_demo->show();
        m_demo->raise();
        m_demo->activateWindow();
        return m_demo;
    }
    auto *context = new InspectorContext;
    context->setDecoder(m_context->sharedDecoder());
    if (!context->startDemo()) {
        delete context;
        if (error)
            *error = MainWindow::tr("The demo could not start.");
        return nullptr;
    }
    m_demo = adopt(new MainWindow(context, MainWindow::Kind::Demo), context);
    m_demo->show();
    return m_demo;
}

void WindowHost::showLive()
{
    m_live->show();
    m_live->raise();
    m_live->activateWindow();
}

void WindowHost::switchLanguage(const QString &language)
{
    // Every window gets a LanguageChange event and sets its texts again, in place.
    Languages::install(language);
    emit languageChanged(language);
}
