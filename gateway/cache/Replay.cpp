#include "Replay.h"

#include <utility>

namespace switchyard::cache {

Replay::Replay(CacheEntry entry) : m_entry(std::move(entry)) { }

base::HeaderList Replay::headers() const
{
    base::HeaderList headers;
    if (!m_entry.contentType.isEmpty())
        headers.append({ QByteArrayLiteral("Content-Type"), m_entry.contentType });
    headers.append({ cacheHeaderName(), hitHeaderValue() });
    if (!m_entry.provider.isEmpty())
        headers.append({ QByteArrayLiteral("x-switchyard-provider"), m_entry.provider.toUtf8() });
    if (!m_entry.model.isEmpty())
        headers.append({ QByteArrayLiteral("x-switchyard-model"), m_entry.model.toUtf8() });
    return headers;
}

} // namespace switchyard::cache
