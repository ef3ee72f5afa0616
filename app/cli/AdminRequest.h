#pragma once

#include <QString>
#include <QStringList>

namespace switchyard::cli {

/// One admin command line (`providers`, `routes`, `models`, `logs`, `stats`, `config`),
/// parsed; no side effects.
struct AdminRequest
{
    enum class Command {
        Help,
        ProvidersList,
        ProvidersAdd,
        ProvidersRemove,
        ProvidersTest,
        RoutesList,
        Models,
        Logs,
        Stats,
        ConfigValidate,
        ConfigExport,
        ConfigImport,
        TokensCreate,
        TokensList,
        TokensRevoke,
    };
    enum class Period { Today, Month, Since };

    Command command = Command::Help;
    QString topic {}; ///< the top-level command ("providers"…), for help and messages
    QString dataDir {}; ///< as given; the caller resolves the default
    QString configPath {}; ///< as given; empty: DATA_DIR/config.json
    bool json = false;

    // providers add/remove/test
    QString name {};
    QString preset {};
    QString kind {};
    QString baseUrl {};
    QString keyEnv {};
    QString keyKeychain {};
    QStringList models {};
    bool discover = false;
    bool local = false;
    int timeoutMs = 0; ///< providers test; 0: the config's health-check timeout

    // logs and stats
    bool follow = false;
    QString since {}; ///< DURATION or ISO date as typed
    QString model {};
    QString provider {};
    int limit = 50;
    Period period = Period::Today;

    QString file {}; ///< config validate/export/import

    // tokens create
    QStringList routes {};
    int requestsPerMinute = 0;
    qint64 tokensPerMinute = 0;
    double dailyBudgetUsd = 0;

    QString error {}; ///< non-empty: usage error, print it and exit AdminExit::Usage
};

} // namespace switchyard::cli
