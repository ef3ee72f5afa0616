#pragma once

#include "cli/KeysRequest.h"

#include <QString>
#include <QStringList>

namespace switchyard::cli {

/// Parses the whole argv ("switchyard", "keys", ...); no side effects.
KeysRequest parseKeysArguments(const QStringList &arguments);

/// The text of `switchyard keys --help`.
QString keysHelpText();

} // namespace switchyard::cli
