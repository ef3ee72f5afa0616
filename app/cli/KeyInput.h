#pragma once

#include "base/Result.h"
#include "secrets/SecretBytes.h"

#include <QByteArrayView>
#include <QString>

namespace switchyard::cli {

/// The key as typed or piped: one trailing newline (LF or CRLF) removed; empty is refused.
Result<secrets::SecretBytes> secretFromInput(QByteArrayView input);

/// Reads the API key for \a name from stdin into memory that is wiped: one line at a hidden
/// prompt (on stderr) from a terminal, everything when piped.
Result<secrets::SecretBytes> readKey(const QString &name);

} // namespace switchyard::cli
