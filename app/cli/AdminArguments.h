#pragma once

#include "cli/AdminRequest.h"

#include <QString>
#include <QStringList>

namespace switchyard::cli {

/// True for the first word of an admin command line ("providers", "logs", "config"…).
bool isAdminCommand(const QString &word);
/// The admin commands, for the main usage text.
QStringList adminCommandNames();

/// Parses the whole argv ("switchyard", "providers", "add", ...).
AdminRequest parseAdminArguments(const QStringList &arguments);

/// The text of `switchyard TOPIC --help`.
QString adminHelpText(const QString &topic);

} // namespace switchyard::cli
