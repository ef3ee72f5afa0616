#include "TokenCommands.h"

#include "admin/ConfigEditor.h"
#include "admin/TextTable.h"
#include "security/AccessToken.h"
#include "security/SecurityConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::admin {

namespace {

AdminOutcome failure(const QString &message)
{
    return { AdminExit::Failure, {}, message };
}

QString limitText(const security::TokenEntry &t)
{
    QStringList parts;
    if (t.rateLimit.requestsPerMinute > 0)
        parts.append(u"%1 req/min"_s.arg(t.rateLimit.requestsPerMinute));
    if (t.rateLimit.tokensPerMinute > 0)
        parts.append(u"%1 tok/min"_s.arg(t.rateLimit.tokensPerMinute));
    if (t.dailyBudgetUsd > 0)
        parts.append(u"$%1/day"_s.arg(QString::number(t.dailyBudgetUsd, 'f', 2)));
    return parts.isEmpty() ? u"-"_s : parts.join(u", "_s);
}

} // namespace

AdminOutcome TokenCommands::create(const AdminPaths &paths, const AdminRequest &request)
{
    auto root = ConfigEditor::readObject(paths.configPath);
    if (!root)
        return failure(root.error().message);
    QJsonArray tokens = root->value(u"tokens"_s).toArray();
    for (const QJsonValue &t : std::as_const(tokens)) {
        if (t.toObject().value(u"name"_s).toString() == request.name)
            return failure(u"a token called '%1' exists; revoke it first"_s.arg(request.name));
    }
    const QByteArray token = security::AccessToken::generate();
    QJsonObject entry { { u"name"_s, request.name },
                        { u"hash"_s, QString::fromLatin1(security::AccessToken::hash(token)) } };
    if (!request.routes.isEmpty())
        entry.insert(u"routes"_s, QJsonArray::fromStringList(request.routes));
    if (!request.models.isEmpty())
        entry.insert(u"models"_s, QJsonArray::fromStringList(request.models));
    QJsonObject rate;
    if (request.requestsPerMinute > 0)
        rate.insert(u"requests_per_min"_s, request.requestsPerMinute);
    if (request.tokensPerMinute > 0)
        rate.insert(u"tokens_per_min"_s, double(request.tokensPerMinute));
    if (!rate.isEmpty())
        entry.insert(u"rate_limit"_s, rate);
    if (request.dailyBudgetUsd > 0)
        entry.insert(u"daily_budget_usd"_s, request.dailyBudgetUsd);
    tokens.append(entry);
    root->insert(u"tokens"_s, tokens);
    QString warning;
    auto committed = ConfigEditor::commit(paths, *root, &warning);
    if (!committed)
        return failure(committed.error().message);
    AdminOutcome outcome;
    if (request.json) {
        outcome.out = QJsonDocument(QJsonObject { { u"name"_s, request.name },
                                                  { u"token"_s, QString::fromLatin1(token) } })
                          .toJson(QJsonDocument::Compact)
            + '\n';
    } else {
        outcome.out = "Created access token '" + request.name.toUtf8() + "':\n\n    " + token
            + "\n\nIt is shown only now (the config keeps its hash). Clients send it as\n"
              "'Authorization: Bearer <token>' or 'x-api-key: <token>'.\n";
    }
    if (!warning.isEmpty())
        outcome.err = warning;
    return outcome;
}

AdminOutcome TokenCommands::list(const config::Config &config, bool json)
{
    AdminOutcome outcome;
    if (json) {
        outcome.out
            = QJsonDocument(security::tokensToJson(config.tokens)).toJson(QJsonDocument::Compact)
            + '\n';
        return outcome;
    }
    TextTable table({ u"NAME"_s, u"ROUTES"_s, u"MODELS"_s, u"LIMITS"_s });
    for (const security::TokenEntry &t : config.tokens)
        table.addRow({ t.name, t.allowedRoutes.isEmpty() ? u"all"_s : t.allowedRoutes.join(u","_s),
                       t.allowedModels.isEmpty() ? u"all"_s : t.allowedModels.join(u","_s),
                       limitText(t) });
    outcome.out = table.render();
    if (config.tokens.isEmpty())
        outcome.out = "No access tokens. Create one with: switchyard tokens create NAME\n";
    else if (!config.gateway.security.requireTokens)
        outcome.out += "\nTokens are accepted but not required (gateway.security.require_tokens "
                       "is off).\n";
    return outcome;
}

AdminOutcome TokenCommands::revoke(const AdminPaths &paths, const AdminRequest &request)
{
    auto root = ConfigEditor::readObject(paths.configPath);
    if (!root)
        return failure(root.error().message);
    QJsonArray tokens = root->value(u"tokens"_s).toArray();
    bool found = false;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        if (tokens.at(i).toObject().value(u"name"_s).toString() == request.name) {
            tokens.removeAt(i);
            found = true;
            break;
        }
    }
    if (!found)
        return failure(u"no token called '%1'"_s.arg(request.name));
    if (tokens.isEmpty())
        root->remove(u"tokens"_s);
    else
        root->insert(u"tokens"_s, tokens);
    QString warning;
    auto committed = ConfigEditor::commit(paths, *root, &warning);
    if (!committed)
        return failure(committed.error().message);
    AdminOutcome outcome;
    outcome.out = "Revoked access token '" + request.name.toUtf8()
        + "'; a running gateway refuses it from now on.\n";
    return outcome;
}

} // namespace switchyard::admin
