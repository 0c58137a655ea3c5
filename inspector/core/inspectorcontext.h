#ifndef INSPECTORCONTEXT_H
#define INSPECTORCONTEXT_H

#include <QtCore/qobject.h>

#include <memory>

class AttachReceiver;
class Composer;
class DemoTraffic;
class InspectorSession;
class PayloadDecoder;
class ProxyServer;

// What an inspector window shows and drives, kept apart from the window so that the
// window can be rebuilt (a language change) without losing a capture in progress.
class InspectorContext : public QObject
{
    Q_OBJECT

public:
    explicit InspectorContext(QObject *parent = nullptr);
    ~InspectorContext() override;

    InspectorSession *session() const { return m_session; }
    ProxyServer *proxy() const { return m_proxy; }
    AttachReceiver *attach() const { return m_attach; }
    Composer *composer() const { return m_composer; }

    // Starts the demo: a server, the proxy in front of it (on a free port unless it is
    // running already) and a device that dials the proxy. False if a port was refused.
    bool startDemo();
    DemoTraffic *demo() const { return m_demo; }
    // nullptr when built without libprotoc.
    PayloadDecoder *decoder() const { return m_decoder.get(); }

private:
    InspectorSession *m_session;
    ProxyServer *m_proxy;
    AttachReceiver *m_attach;
    Composer *m_composer;
    DemoTraffic *m_demo = nullptr;
    std::unique_ptr<PayloadDecoder> m_decoder;
};

#endif // INSPECTORCONTEXT_H
