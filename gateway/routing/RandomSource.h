#pragma once

namespace switchyard::routing {

/// Uniform random numbers in [0, 1); a seam so exploration is deterministic in tests.
class RandomSource
{
public:
    virtual ~RandomSource() = default;
    virtual double uniform() = 0;
};

} // namespace switchyard::routing
