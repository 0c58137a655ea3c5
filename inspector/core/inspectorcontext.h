// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef INSPECTORCONTEXT_H
#define INSPECTORCONTEXT_H

#include <QtCore/qobject.h>

#include <memory>

class AttachReceiver;
class Composer;
class DemoTraffic;
class FaultInjector;
class InspectorSession;
class PayloadDecoder;
class ProxyServer;

// What one inspector window shows and drives: a session and the sources that feed it (a
// proxy, an attach receiver, the composer's muxer). Each window has a context of its own,
// so that the user's live traffic, the demo's and each capture file never mix.
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
    // The faults the proxy injects into the traffic it relays.
    FaultInjector *faults() const;

    // Starts the demo in this context: a server, this context's proxy in front of it (on
    // a free port) and a device that dials the proxy, with the demo's route names. False
    // if this context's proxy runs already (the demo never uses a proxy of the user's) or
    // a port was refused.
    bool startDemo();
    // Stops the demo's traffic, its device and server, and this context's proxy.
    void stopDemo();
    bool isDemoRunning() const { return m_demo != nullptr; }
    DemoTraffic *demo() const { return m_demo; }

    // nullptr when built without libprotoc. Contexts may share one decoder (the .proto
    // files the user named apply to every window).
    PayloadDecoder *decoder() const { return m_decoder.get(); }
    std::shared_ptr<PayloadDecoder> sharedDecoder() const { return m_decoder; }
    void setDecoder(std::shared_ptr<PayloadDecoder> decoder) { m_decoder = std::move(decoder); }

Q_SIGNALS:
    void demoRunningChanged(bool running);

private:
    InspectorSession *m_session;
    ProxyServer *m_proxy;
    AttachReceiver *m_attach;
    Composer *m_composer;
    DemoTraffic *m_demo = nullptr;
    std::shared_ptr<PayloadDecoder> m_decoder;
};

#endif // INSPECTORCONTEXT_H
