#include "TokenCommands.h"

#include "admin/TokenEditor.h"
#include "cli/TextTable.h"
#include "security/SecurityConfig.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

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

admin::NewToken TokenCommands::newToken(const AdminRequest &request)
{
    admin::NewToken token;
    token.name = request.name;
    token.routes = request.routes;
    token.models = request.models;
    token.requestsPerMinute = request.requestsPerMinute;
    token.tokensPerMinute = request.tokensPerMinute;
    token.dailyBudgetUsd = request.dailyBudgetUsd;
    return token;
}

AdminOutcome TokenCommands::create(const admin::ConfigEditor &editor, const AdminRequest &request)
{
    auto created = admin::TokenEditor::create(editor, newToken(request));
    if (!created)
        return failure(created.error().message);
    const QByteArray &token = created->token;
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
    if (!created->warning.isEmpty())
        outcome.err = created->warning;
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

AdminOutcome TokenCommands::revoke(const admin::ConfigEditor &editor, const AdminRequest &request)
{
    auto revoked = admin::TokenEditor::revoke(editor, request.name);
    if (!revoked)
        return failure(revoked.error().message);
    AdminOutcome outcome;
    outcome.out = "Revoked access token '" + request.name.toUtf8()
        + "'; a running gateway refuses it from now on.\n";
    return outcome;
}

} // namespace switchyard::cli
