#pragma once

#include "routing/RandomSource.h"

namespace switchyard::routing {

/// QRandomGenerator::global(); no need for cryptographic quality here.
class SystemRandom final : public RandomSource
{
public:
    double uniform() override;
};

} // namespace switchyard::routing
