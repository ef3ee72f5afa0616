#pragma once

#include "config/Config.h"

#include <QString>

namespace switchyard::admin {

/// A config edit that was validated and written.
struct ConfigCommit
{
    config::Config config {}; ///< the config now in the file, as the gateway will load it
    QString warning {}; ///< non-empty: written, but not recorded in the store (and why)
};

} // namespace switchyard::admin
