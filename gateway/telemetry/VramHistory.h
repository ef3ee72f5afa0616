#pragma once

#include "telemetry/VramSample.h"

#include <QList>

#include <optional>

namespace switchyard::telemetry {

/// The last N samples in a fixed ring: appending never allocates once it is full.
class VramHistory final
{
public:
    explicit VramHistory(qsizetype capacity = 900);

    qsizetype capacity() const { return m_capacity; }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    /// Adds \a sample, dropping the oldest when full.
    void append(const VramSample &sample);
    /// Changes the capacity, keeping the newest samples that still fit.
    void setCapacity(qsizetype capacity);
    void clear();

    /// The newest sample, if any.
    std::optional<VramSample> latest() const;
    /// Oldest first.
    QList<VramSample> toList() const;

private:
    qsizetype m_capacity = 1;
    QList<VramSample> m_ring;
    qsizetype m_next = 0; ///< where the next sample goes
    qsizetype m_size = 0;
};

} // namespace switchyard::telemetry
