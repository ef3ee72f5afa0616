#pragma once

#include "routing/RandomSource.h"

#include <QList>

/// Hands out scripted numbers, then \c fallback (0.99: "never explore") forever.
class FakeRandom final : public switchyard::routing::RandomSource
{
public:
    double uniform() override { return m_script.isEmpty() ? fallback : m_script.takeFirst(); }
    void script(const QList<double> &values) { m_script = values; }

    double fallback = 0.99;

private:
    QList<double> m_script;
};
