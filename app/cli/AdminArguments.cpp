#include "AdminArguments.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

namespace {

using Command = AdminRequest::Command;

const QString kCommon = u"Common options:\n"
                        "  --data-dir DIR    data directory (default: the platform's)\n"
                        "  --config FILE     config file (default: DATA_DIR/config.json)\n"
                        "  --json            JSON for scripts instead of a table\n"
                        "  -h, --help        show this help\n"_s;

QCommandLineOption option(const QString &name, const QString &value = QString())
{
    return QCommandLineOption(name, QString(), value);
}

// Options each topic accepts besides the common ones; anything else is a usage error.
QList<QCommandLineOption> topicOptions(const QString &topic)
{
    if (topic == u"providers"_s)
        return { option(u"preset"_s, u"P"_s),
                 option(u"kind"_s, u"K"_s),
                 option(u"base-url"_s, u"URL"_s),
                 option(u"key-env"_s, u"VAR"_s),
                 option(u"key-keychain"_s, u"N"_s),
                 option(u"models"_s, u"LIST"_s),
                 option(u"discover"_s),
                 option(u"local"_s),
                 option(u"timeout"_s, u"MS"_s) };
    if (topic == u"logs"_s)
        return { option(u"follow"_s), option(u"since"_s, u"WHEN"_s), option(u"model"_s, u"M"_s),
                 option(u"provider"_s, u"P"_s), option(u"limit"_s, u"N"_s) };
    if (topic == u"stats"_s)
        return { option(u"today"_s), option(u"month"_s), option(u"since"_s, u"WHEN"_s) };
    if (topic == u"tokens"_s)
        return { option(u"routes"_s, u"LIST"_s), option(u"models"_s, u"LIST"_s),
                 option(u"rpm"_s, u"N"_s), option(u"tpm"_s, u"N"_s),
                 option(u"daily-budget"_s, u"USD"_s) };
    return {};
}

bool needsValue(const QCommandLineParser &parser, const QString &name, QString &error)
{
    if (parser.isSet(name) && parser.value(name).trimmed().isEmpty()) {
        error = u"--%1 needs a value"_s.arg(name);
        return false;
    }
    return true;
}

void parseProviders(const QCommandLineParser &parser, QStringList positional, AdminRequest &r)
{
    const QString action = positional.isEmpty() ? u"list"_s : positional.takeFirst();
    const qsizetype wanted = action == u"list"_s ? 0 : 1;
    if (action == u"list"_s)
        r.command = Command::ProvidersList;
    else if (action == u"add"_s)
        r.command = Command::ProvidersAdd;
    else if (action == u"remove"_s)
        r.command = Command::ProvidersRemove;
    else if (action == u"test"_s)
        r.command = Command::ProvidersTest;
    else {
        r.error = u"unknown action '%1' (list, add, remove, test)"_s.arg(action);
        return;
    }
    if (positional.size() != wanted) {
        r.error = wanted == 0 ? u"'providers list' takes no arguments"_s
                              : u"'providers %1' needs exactly one provider NAME"_s.arg(action);
        return;
    }
    if (wanted == 1)
        r.name = positional.first();
    const bool adding = r.command == Command::ProvidersAdd;
    for (const QString &name : { u"preset"_s, u"kind"_s, u"base-url"_s, u"key-env"_s,
                                 u"key-keychain"_s, u"models"_s, u"discover"_s, u"local"_s }) {
        if (!adding && parser.isSet(name)) {
            r.error = u"--%1 only goes with 'providers add'"_s.arg(name);
            return;
        }
        const bool flag = name == u"discover"_s || name == u"local"_s;
        if (!flag && !needsValue(parser, name, r.error))
            return;
    }
    if (parser.isSet(u"timeout"_s)) {
        bool ok = false;
        r.timeoutMs = parser.value(u"timeout"_s).toInt(&ok);
        if (r.command != Command::ProvidersTest)
            r.error = u"--timeout only goes with 'providers test'"_s;
        else if (!ok || r.timeoutMs < 100 || r.timeoutMs > 600'000)
            r.error = u"--timeout must be a number of milliseconds from 100 to 600000"_s;
    }
    if (!adding)
        return;
    r.preset = parser.value(u"preset"_s);
    r.kind = parser.value(u"kind"_s);
    r.baseUrl = parser.value(u"base-url"_s);
    r.keyEnv = parser.value(u"key-env"_s);
    r.keyKeychain = parser.value(u"key-keychain"_s);
    r.discover = parser.isSet(u"discover"_s);
    r.local = parser.isSet(u"local"_s);
    for (const QString &m : parser.value(u"models"_s).split(u',', Qt::SkipEmptyParts))
        r.models.append(m.trimmed());
    if (r.preset.isEmpty() && (r.kind.isEmpty() || r.baseUrl.isEmpty()))
        r.error = u"'providers add' needs --preset P, or --kind K with --base-url URL"_s;
    else if (!r.preset.isEmpty() && !r.kind.isEmpty())
        r.error = u"give either --preset or --kind, not both"_s;
    else if (!r.keyEnv.isEmpty() && !r.keyKeychain.isEmpty())
        r.error = u"give either --key-env or --key-keychain, not both"_s;
    else if (!r.models.isEmpty() && r.discover)
        r.error = u"give either --models or --discover, not both"_s;
    else if (parser.isSet(u"models"_s) && r.models.isEmpty())
        r.error = u"--models needs a comma-separated list of model names"_s;
}

void parseLogs(const QCommandLineParser &parser, const QStringList &positional, AdminRequest &r)
{
    r.command = Command::Logs;
    if (!positional.isEmpty()) {
        r.error = u"unexpected argument '%1'"_s.arg(positional.first());
        return;
    }
    for (const QString &name : { u"since"_s, u"model"_s, u"provider"_s, u"limit"_s }) {
        if (!needsValue(parser, name, r.error))
            return;
    }
    r.follow = parser.isSet(u"follow"_s);
    r.since = parser.value(u"since"_s);
    r.model = parser.value(u"model"_s);
    r.provider = parser.value(u"provider"_s);
    if (parser.isSet(u"limit"_s)) {
        bool ok = false;
        r.limit = parser.value(u"limit"_s).toInt(&ok);
        if (!ok || r.limit < 1 || r.limit > 1'000'000)
            r.error = u"--limit must be a number from 1 to 1000000"_s;
    }
}

void parseStats(const QCommandLineParser &parser, const QStringList &positional, AdminRequest &r)
{
    r.command = Command::Stats;
    if (!positional.isEmpty()) {
        r.error = u"unexpected argument '%1'"_s.arg(positional.first());
        return;
    }
    const int periods = int(parser.isSet(u"today"_s)) + int(parser.isSet(u"month"_s))
        + int(parser.isSet(u"since"_s));
    if (periods > 1) {
        r.error = u"give only one of --today, --month, --since"_s;
        return;
    }
    if (!needsValue(parser, u"since"_s, r.error))
        return;
    r.since = parser.value(u"since"_s);
    r.period = parser.isSet(u"month"_s) ? AdminRequest::Period::Month
        : parser.isSet(u"since"_s)      ? AdminRequest::Period::Since
                                        : AdminRequest::Period::Today;
}

void parseConfig(QStringList positional, AdminRequest &r)
{
    if (positional.isEmpty()) {
        r.error = u"'config' needs an action: validate, export or import"_s;
        return;
    }
    const QString action = positional.takeFirst();
    if (action == u"validate"_s) {
        r.command = Command::ConfigValidate;
        if (positional.size() > 1)
            r.error = u"'config validate' takes at most one FILE"_s;
        else if (!positional.isEmpty())
            r.file = positional.first();
        return;
    }
    if (action != u"export"_s && action != u"import"_s) {
        r.error = u"unknown action '%1' (validate, export, import)"_s.arg(action);
        return;
    }
    r.command = action == u"export"_s ? Command::ConfigExport : Command::ConfigImport;
    if (positional.size() != 1)
        r.error = u"'config %1' needs exactly one FILE"_s.arg(action);
    else
        r.file = positional.first();
}

} // namespace

bool isAdminCommand(const QString &word)
{
    return adminCommandNames().contains(word);
}

namespace {
void parseTokens(const QCommandLineParser &parser, QStringList positional, AdminRequest &r)
{
    const QString action = positional.isEmpty() ? u"list"_s : positional.takeFirst();
    if (action == u"list"_s) {
        r.command = Command::TokensList;
    } else if (action == u"create"_s || action == u"revoke"_s) {
        r.command = action == u"create"_s ? Command::TokensCreate : Command::TokensRevoke;
        if (positional.isEmpty()) {
            r.error = u"tokens %1 needs a NAME"_s.arg(action);
            return;
        }
        r.name = positional.takeFirst();
    } else {
        r.error = u"unknown tokens action '%1' (create, list, revoke)"_s.arg(action);
        return;
    }
    if (!positional.isEmpty()) {
        r.error = u"unexpected argument '%1'"_s.arg(positional.first());
        return;
    }
    const auto list = [&](const QString &name) {
        QStringList values;
        for (const QString &v : parser.value(name).split(u',', Qt::SkipEmptyParts))
            values.append(v.trimmed());
        return values;
    };
    r.routes = list(u"routes"_s);
    r.models = list(u"models"_s);
    bool ok = true;
    if (parser.isSet(u"rpm"_s)
        && ((r.requestsPerMinute = parser.value(u"rpm"_s).toInt(&ok)) <= 0 || !ok))
        r.error = u"--rpm needs a whole number above 0"_s;
    if (parser.isSet(u"tpm"_s)
        && ((r.tokensPerMinute = parser.value(u"tpm"_s).toLongLong(&ok)) <= 0 || !ok))
        r.error = u"--tpm needs a whole number above 0"_s;
    if (parser.isSet(u"daily-budget"_s)
        && ((r.dailyBudgetUsd = parser.value(u"daily-budget"_s).toDouble(&ok)) <= 0 || !ok))
        r.error = u"--daily-budget needs an amount in USD above 0"_s;
}
} // namespace

QStringList adminCommandNames()
{
    return { u"providers"_s, u"routes"_s, u"models"_s, u"logs"_s,
             u"stats"_s,     u"config"_s, u"tokens"_s };
}

AdminRequest parseAdminArguments(const QStringList &arguments)
{
    AdminRequest r;
    r.topic = arguments.value(1);
    if (!isAdminCommand(r.topic)) {
        r.error = u"unknown command '%1'"_s.arg(r.topic);
        return r;
    }
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList { u"h"_s, u"help"_s });
    parser.addOptions({ help, option(u"data-dir"_s, u"DIR"_s), option(u"config"_s, u"FILE"_s),
                        option(u"json"_s) });
    parser.addOptions(topicOptions(r.topic));
    parser.addPositionalArgument(u"args"_s, QString());
    QStringList rest = arguments;
    rest.removeAt(1); // the topic; QCommandLineParser sees "switchyard [args]"
    if (!parser.parse(rest)) {
        r.error = parser.errorText();
        return r;
    }
    if (parser.isSet(help))
        return r; // Command::Help
    for (const QString &name : { u"data-dir"_s, u"config"_s }) {
        if (!needsValue(parser, name, r.error))
            return r;
    }
    r.dataDir = parser.value(u"data-dir"_s);
    r.configPath = parser.value(u"config"_s);
    r.json = parser.isSet(u"json"_s);
    const QStringList positional = parser.positionalArguments();
    if (r.topic == u"providers"_s) {
        parseProviders(parser, positional, r);
    } else if (r.topic == u"routes"_s) {
        r.command = Command::RoutesList;
        if (!positional.isEmpty() && positional != QStringList { u"list"_s })
            r.error = u"unexpected argument '%1' (routes list)"_s.arg(positional.last());
    } else if (r.topic == u"models"_s) {
        r.command = Command::Models;
        if (!positional.isEmpty())
            r.error = u"unexpected argument '%1'"_s.arg(positional.first());
    } else if (r.topic == u"logs"_s) {
        parseLogs(parser, positional, r);
    } else if (r.topic == u"stats"_s) {
        parseStats(parser, positional, r);
    } else if (r.topic == u"tokens"_s) {
        parseTokens(parser, positional, r);
    } else {
        parseConfig(positional, r);
    }
    return r;
}

QString adminHelpText(const QString &topic)
{
    QString text;
    if (topic == u"providers"_s)
        text = u"Usage: switchyard providers [list|add|remove|test] [OPTIONS]\n\n"
               "  list                       name, kind, preset, base URL, key reference, models,\n"
               "                             local (key references only, never key values)\n"
               "  add NAME (--preset P | --kind K --base-url URL)\n"
               "      [--key-env VAR | --key-keychain NAME] [--models a,b,c | --discover] "
               "[--local]\n"
               "                             add a provider (no --models: its models are "
               "discovered)\n"
               "  remove NAME                remove a provider (refused while a route uses it)\n"
               "  test NAME [--timeout MS]   ask the provider for its model list, as the health\n"
               "                             check does, and print the latency\n\n"
               "Edits validate the whole config, then replace config.json atomically; a running\n"
               "gateway applies them by itself.\n\n"_s;
    else if (topic == u"routes"_s)
        text = u"Usage: switchyard routes [list] [OPTIONS]\n\n"
               "  Lists routes: strategy, targets with weights, retry, cache, log_bodies.\n\n"_s;
    else if (topic == u"models"_s)
        text = u"Usage: switchyard models [OPTIONS]\n\n"
               "  Every model clients can ask for: routes and provider/model ids, with context\n"
               "  length and price per 1M tokens in/out where model_info knows them.\n\n"_s;
    else if (topic == u"logs"_s)
        text = u"Usage: switchyard logs [OPTIONS]\n\n"
               "  The request log, newest last.\n\n"
               "  --follow          keep printing new requests until Ctrl+C (JSON lines with "
               "--json)\n"
               "  --since WHEN      a duration back from now (30s, 15m, 2h, 7d) or an ISO "
               "date/time\n"
               "  --model M         requested or answering model\n"
               "  --provider P      answering provider\n"
               "  --limit N         at most N rows (default 50)\n\n"_s;
    else if (topic == u"stats"_s)
        text
            = u"Usage: switchyard stats [--today | --month | --since WHEN] [OPTIONS]\n\n"
              "  Requests, errors, latency percentiles, tokens, cost and cache hits per\n"
              "  provider/model, with a total. Default: today (local time).\n\n"
              "  --month           since the first day of this month\n"
              "  --since WHEN      a duration back from now (30s, 15m, 2h, 7d) or an ISO date/time\n\n"_s;
    else if (topic == u"tokens"_s)
        text = u"Usage: switchyard tokens [list|create|revoke] [OPTIONS]\n\n"
               "  list                       token names, what they may use, their limits\n"
               "  create NAME [--routes a,b] [--models a,b] [--rpm N] [--tpm N]\n"
               "              [--daily-budget USD]\n"
               "                             make a new access token (sk-sy-…); it is printed\n"
               "                             once, the config keeps only its SHA-256 hash\n"
               "  revoke NAME                remove a token; a running gateway refuses it at "
               "once\n\n"
               "Require tokens for every request with \"gateway\": {\"security\": "
               "{\"require_tokens\": true}}.\n\n"_s;
    else
        text = u"Usage: switchyard config (validate [FILE] | export FILE | import FILE) "
               u"[OPTIONS]\n\n"
               "  validate [FILE]   check FILE (default: the config file); errors name the field\n"
               "  export FILE       write the current config, byte for byte ('-': stdout)\n"
               "  import FILE       validate FILE, then make it the config (atomically)\n\n"_s;
    return text + kCommon;
}

} // namespace switchyard::cli
