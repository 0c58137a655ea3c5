// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxhandlerregistry_p.h"

namespace {
template<typename Entry, typename Handler>
std::shared_ptr<const Entry> makeEntry(const QObject *context, Handler handler)
{
    auto entry = std::make_shared<Entry>();
    entry->context = context;
    entry->hasContext = context != nullptr;
    entry->handler = std::move(handler);
    // Connected now, while the caller vouches for the context being alive.
    if (context)
        entry->relay = std::make_unique<QBiMuxContextRelay>(context);
    return entry;
}
} // namespace

void QBiMuxHandlerRegistry::setRequestHandler(qint32 route, const QObject *context,
                                              QBiMuxDetail::RequestHandler handler)
{
    auto entry = makeEntry<RequestEntry>(context, std::move(handler));
    QMutexLocker locker(&m_mutex);
    m_requestHandlers.insert(route, std::move(entry));
    changed();
}

void QBiMuxHandlerRegistry::setMessageHandler(qint32 route, const QObject *context,
                                              QBiMuxDetail::MessageHandler handler)
{
    auto entry = makeEntry<MessageEntry>(context, std::move(handler));
    QMutexLocker locker(&m_mutex);
    m_messageHandlers.insert(route, std::move(entry));
    changed();
}

void QBiMuxHandlerRegistry::setStreamHandler(qint32 route, const QObject *context,
                                             QBiMuxDetail::StreamHandler handler)
{
    auto entry = makeEntry<StreamEntry>(context, std::move(handler));
    QMutexLocker locker(&m_mutex);
    m_streamHandlers.insert(route, std::move(entry));
    changed();
}

void QBiMuxHandlerRegistry::removeRequestHandler(qint32 route)
{
    QMutexLocker locker(&m_mutex);
    m_requestHandlers.remove(route);
    changed();
}

void QBiMuxHandlerRegistry::removeMessageHandler(qint32 route)
{
    QMutexLocker locker(&m_mutex);
    m_messageHandlers.remove(route);
    changed();
}

void QBiMuxHandlerRegistry::removeStreamHandler(qint32 route)
{
    QMutexLocker locker(&m_mutex);
    m_streamHandlers.remove(route);
    changed();
}

template<typename Table>
typename Table::mapped_type QBiMuxHandlerRegistry::find(const Table &table, qint32 route)
{
    const auto it = table.constFind(route);
    if (it == table.cend() || !(*it)->isAlive())
        return nullptr;
    return *it;
}

void QBiMuxHandlerRegistry::changed()
{
    m_count.store(
        int(m_requestHandlers.size() + m_messageHandlers.size() + m_streamHandlers.size()),
        std::memory_order_release);
    m_generation.fetch_add(1, std::memory_order_release);
}

std::shared_ptr<const QBiMuxHandlerRegistry::RequestEntry>
QBiMuxHandlerRegistry::requestHandler(qint32 route) const
{
    if (m_count.load(std::memory_order_acquire) == 0)
        return nullptr;
    QMutexLocker locker(&m_mutex);
    return find(m_requestHandlers, route);
}

std::shared_ptr<const QBiMuxHandlerRegistry::MessageEntry>
QBiMuxHandlerRegistry::messageHandler(qint32 route) const
{
    if (m_count.load(std::memory_order_acquire) == 0)
        return nullptr;
    QMutexLocker locker(&m_mutex);
    return find(m_messageHandlers, route);
}

std::shared_ptr<const QBiMuxHandlerRegistry::StreamEntry>
QBiMuxHandlerRegistry::streamHandler(qint32 route) const
{
    if (m_count.load(std::memory_order_acquire) == 0)
        return nullptr;
    QMutexLocker locker(&m_mutex);
    return find(m_streamHandlers, route);
}
