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
    m_decoder = std::make_unique<PayloadDecoder>();
#endif
}

InspectorContext::~InspectorContext()
{
    // Peers first: they report to the session while they shut down.
    delete m_demo;
    delete m_composer;
    delete m_proxy;
    delete m_attach;
}

bool InspectorContext::startDemo()
{
    if (m_demo)
        return true;
    m_demo = new DemoTraffic(this);
    const QUrl server = m_demo->startServer();
    if (server.isEmpty())
        return false;
    if (!m_proxy->isListening() && !m_proxy->listen(QHostAddress::LocalHost, 0, server))
        return false;
    m_demo->startDevice(m_proxy->url());
    // The names the demo's two ends give their routes.
    const QList<std::pair<qint32, QString>> names = DemoTraffic::routeNames();
    for (const auto &[route, name] : names)
        m_session->routes()->setRouteName(route, name);
    return true;
}
