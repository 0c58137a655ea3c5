// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxhandlerregistry_p.h"

void QBiMuxHandlerRegistry::changed()
{
    const auto size = [](const auto &...tables) {
        return int((tables.size() + ...));
    };
    m_count.store(std::apply(size, m_tables), std::memory_order_release);
    m_generation.fetch_add(1, std::memory_order_release);
}
