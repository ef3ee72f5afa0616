#include "TokenEditor.h"

#include "admin/ConfigEditor.h"
#include "security/AccessToken.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::admin {

Result<CreatedToken> TokenEditor::create(const ConfigEditor &editor, const NewToken &token)
{
    auto root = editor.readObject();
    if (!root)
        return root.error();
    QJsonArray tokens = root->value(u"tokens"_s).toArray();
    for (const QJsonValue &t : std::as_const(tokens)) {
        if (t.toObject().value(u"name"_s).toString() == token.name)
            return Error { ErrorCode::AlreadyExists,
                           u"a token called '%1' exists; revoke it first"_s.arg(token.name) };
    }
    CreatedToken created { token.name, security::AccessToken::generate(), QString() };
    QJsonObject entry { { u"name"_s, token.name },
                        { u"hash"_s,
                          QString::fromLatin1(security::AccessToken::hash(created.token)) } };
    if (!token.routes.isEmpty())
        entry.insert(u"routes"_s, QJsonArray::fromStringList(token.routes));
    if (!token.models.isEmpty())
        entry.insert(u"models"_s, QJsonArray::fromStringList(token.models));
    QJsonObject rate;
    if (token.requestsPerMinute > 0)
        rate.insert(u"requests_per_min"_s, token.requestsPerMinute);
    if (token.tokensPerMinute > 0)
        rate.insert(u"tokens_per_min"_s, double(token.tokensPerMinute));
    if (!rate.isEmpty())
        entry.insert(u"rate_limit"_s, rate);
    if (token.dailyBudgetUsd > 0)
        entry.insert(u"daily_budget_usd"_s, token.dailyBudgetUsd);
    tokens.append(entry);
    root->insert(u"tokens"_s, tokens);
    auto committed = editor.commit(*root);
    if (!committed)
        return committed.error();
    created.warning = committed->warning;
    return created;
}

Result<ConfigCommit> TokenEditor::revoke(const ConfigEditor &editor, const QString &name)
{
    auto root = editor.readObject();
    if (!root)
        return root.error();
    QJsonArray tokens = root->value(u"tokens"_s).toArray();
    bool found = false;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        if (tokens.at(i).toObject().value(u"name"_s).toString() == name) {
            tokens.removeAt(i);
            found = true;
            break;
        }
    }
    if (!found)
        return Error { ErrorCode::NotFound, u"no token called '%1'"_s.arg(name) };
    if (tokens.isEmpty())
        root->remove(u"tokens"_s);
    else
        root->insert(u"tokens"_s, tokens);
    return editor.commit(*root);
}

} // namespace switchyard::admin
