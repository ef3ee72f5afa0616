#pragma once

#include "admin/ConfigCommit.h"
#include "base/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace switchyard::admin {

class ConfigEditor;

/// An access token to create: who it is for and what it may use.
struct NewToken
{
    QString name {};
    QStringList routes {}; ///< empty: every route
    QStringList models {}; ///< empty: every model
    int requestsPerMinute = 0; ///< 0: no limit of its own
    qint64 tokensPerMinute = 0; ///< 0: no limit of its own
    double dailyBudgetUsd = 0; ///< 0: no budget of its own
};

/// A token create() made. The token itself exists only here: the config keeps its hash.
struct CreatedToken
{
    QString name {};
    QByteArray token {}; ///< "sk-sy-…"; show it once, never store it
    QString warning {}; ///< non-empty: written, but not recorded in the store (and why)
};

/// Creates and revokes the access tokens in config.json's "tokens" through a ConfigEditor
/// (validated, atomic, recorded). The config only ever holds SHA-256 hashes.
class TokenEditor final
{
public:
    /// Generates a token for \a token, adds its hash to the config and commits; refused when a
    /// token of that name exists.
    static Result<CreatedToken> create(const ConfigEditor &editor, const NewToken &token);
    /// Removes the token \a name from the config and commits; a running gateway refuses it at
    /// once.
    static Result<ConfigCommit> revoke(const ConfigEditor &editor, const QString &name);
};

} // namespace switchyard::admin
