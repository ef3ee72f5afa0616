#include "VramHistory.h"

#include <algorithm>
#include <utility>

namespace switchyard::telemetry {

VramHistory::VramHistory(qsizetype capacity) : m_capacity(std::max<qsizetype>(1, capacity)) { }

void VramHistory::append(const VramSample &sample)
{
    if (m_ring.size() < m_capacity)
        m_ring.append(sample);
    else
        m_ring[m_next] = sample;
    m_next = (m_next + 1) % m_capacity;
    m_size = std::min(m_size + 1, m_capacity);
}

void VramHistory::setCapacity(qsizetype capacity)
{
    capacity = std::max<qsizetype>(1, capacity);
    if (capacity == m_capacity)
        return;
    QList<VramSample> samples = toList();
    if (samples.size() > capacity)
        samples.remove(0, samples.size() - capacity);
    m_capacity = capacity;
    clear();
    for (const VramSample &sample : std::as_const(samples))
        append(sample);
}

void VramHistory::clear()
{
    m_ring.clear();
    m_next = 0;
    m_size = 0;
}

std::optional<VramSample> VramHistory::latest() const
{
    if (m_size == 0)
        return std::nullopt;
    return m_ring.at((m_next + m_capacity - 1) % m_capacity);
}

QList<VramSample> VramHistory::toList() const
{
    QList<VramSample> samples;
    samples.reserve(m_size);
    // Before the ring is full the oldest is at 0; after, it is where the next one goes.
    const qsizetype first = m_size < m_capacity ? 0 : m_next;
    for (qsizetype i = 0; i < m_size; ++i)
        samples.append(m_ring.at((first + i) % m_capacity));
    return samples;
}

} // namespace switchyard::telemetry
