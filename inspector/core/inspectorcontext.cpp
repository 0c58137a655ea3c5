// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inspectorcontext.h"

#include "attachreceiver.h"
#include "composer.h"
#include "demotraffic.h"
#include "inspectorsession.h"
#include "proxyserver.h"
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
#include "payloaddecoder.h"
#endif

InspectorContext::InspectorContext(QObject *parent)
    : QObject(parent)
    , m_session(new InspectorSession(this))
    , m_proxy(new ProxyServer(m_session, this))
    , m_attach(new AttachReceiver(m_session, this))
    , m_composer(new Composer(m_session, this))
{
    // Compose can inject into the proxy's connections.
    m_composer->setProxy(m_proxy);
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
    m_decoder = std::make_shared<PayloadDecoder>();
#endif
}

InspectorContext::~InspectorContext()
{
    // A window may watch the parts while they go: they say nothing more to it.
    for (QObject *part :
         std::initializer_list<QObject *> {this, m_session, m_proxy, m_attach, m_composer})
        part->blockSignals(true);
    // Peers first: they report to the session while they shut down. The composer last:
    // the proxy's connections end the calls it injected into them.
    delete m_demo;
    delete m_proxy;
    delete m_attach;
    delete m_composer;
}

FaultInjector *InspectorContext::faults() const
{
    return m_proxy->faults();
}

bool InspectorContext::startDemo()
{
    if (m_demo)
        return true;
    if (m_proxy->isListening())
        return false;
    m_demo = new DemoTraffic(this);
    const QUrl server = m_demo->startServer();
    if (server.isEmpty() || !m_proxy->listen(QHostAddress::LocalHost, 0, server)) {
        delete std::exchange(m_demo, nullptr);
        return false;
    }
    m_demo->startDevice(m_proxy->url());
    // The names the demo's two ends give their routes, in this context only.
    const QList<std::pair<qint32, QString>> names = DemoTraffic::routeNames();
    for (const auto &[route, name] : names)
        m_session->routes()->setRouteName(route, name);
    emit demoRunningChanged(true);
    return true;
}

void InspectorContext::stopDemo()
{
    if (!m_demo)
        return;
    // The device first, so that its calls end as disconnected rather than refused.
    delete std::exchange(m_demo, nullptr);
    m_proxy->close();
    emit demoRunningChanged(false);
}
