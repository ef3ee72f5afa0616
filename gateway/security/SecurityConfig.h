#pragma once

#include "security/SecuritySettings.h"
#include "security/TokenEntry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

namespace switchyard::base {
class ConfigValidator;
}

namespace switchyard::security {

/// Reads the top-level "tokens" array (absent: none); problems go to \a v with field paths.
QList<TokenEntry> parseTokens(const QJsonValue &value, base::ConfigValidator &v,
                              const QString &path);
/// The "tokens" array as parseTokens() reads it; defaults are left out.
QJsonArray tokensToJson(const QList<TokenEntry> &tokens);

/// Reads "gateway.security" (absent: defaults); problems go to \a v with field paths.
SecuritySettings parseSecuritySettings(const QJsonValue &value, base::ConfigValidator &v,
                                       const QString &path);
/// "gateway.security" as parseSecuritySettings() reads it; defaults are left out.
QJsonObject securitySettingsToJson(const SecuritySettings &settings);

} // namespace switchyard::security
