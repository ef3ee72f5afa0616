#include "SecurityConfig.h"

#include "base/ConfigValidator.h"
#include "security/AccessToken.h"
#include "security/HostPolicy.h"
#include "security/OriginPolicy.h"

#include <QRegularExpression>

#include <functional>

using namespace Qt::StringLiterals;

namespace switchyard::security {

namespace {

using Validator = base::ConfigValidator;

const QRegularExpression &tokenNamePattern()
{
    static const QRegularExpression re(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
    return re;
}

// A list of distinct, non-empty strings; \a check may refuse an entry with a message.
QStringList readStringList(Validator &v, const QJsonObject &o, const QString &key,
                           const QString &path,
                           const std::function<QString(const QString &)> &check = {})
{
    const QJsonValue value = o.value(key);
    QStringList out;
    if (value.isUndefined())
        return out;
    const QString listPath = Validator::join(path, key);
    if (!value.isArray()) {
        v.fail(listPath, u"must be an array of strings"_s);
        return out;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = Validator::index(listPath, i);
        const QString item = array.at(i).toString();
        if (!array.at(i).isString() || item.trimmed().isEmpty()) {
            v.fail(itemPath, u"must be a non-empty string"_s);
            continue;
        }
        if (const QString problem = check ? check(item) : QString(); !problem.isEmpty()) {
            v.fail(itemPath, problem);
            continue;
        }
        if (out.contains(item)) {
            v.fail(itemPath, u"'%1' is listed twice"_s.arg(item));
            continue;
        }
        out.append(item);
    }
    return out;
}

RateLimit readRateLimit(Validator &v, const QJsonObject &o, const QString &path)
{
    RateLimit limit;
    const auto object = v.object(o, u"rate_limit"_s, path);
    if (!object)
        return limit;
    const QString limitPath = Validator::join(path, u"rate_limit"_s);
    v.rejectUnknownKeys(*object, limitPath, { u"requests_per_min"_s, u"tokens_per_min"_s });
    if (auto n = v.integer(*object, u"requests_per_min"_s, limitPath, 0, 1'000'000))
        limit.requestsPerMinute = int(*n);
    if (auto n = v.integer(*object, u"tokens_per_min"_s, limitPath, 0, 1'000'000'000'000LL))
        limit.tokensPerMinute = *n;
    return limit;
}

QJsonObject rateLimitToJson(const RateLimit &limit)
{
    QJsonObject o;
    if (limit.requestsPerMinute != 0)
        o.insert(u"requests_per_min"_s, limit.requestsPerMinute);
    if (limit.tokensPerMinute != 0)
        o.insert(u"tokens_per_min"_s, limit.tokensPerMinute);
    return o;
}

void readHash(Validator &v, const QJsonObject &o, const QString &path, TokenEntry &entry)
{
    const auto hash = v.string(o, u"hash"_s, path, true);
    if (!hash)
        return;
    const QString hashPath = Validator::join(path, u"hash"_s);
    if (hash->startsWith(QString::fromLatin1(AccessToken::prefix))) {
        // Never echo the value: it is a live credential.
        v.fail(hashPath,
               u"this is an access token, not its hash; the config stores only the hash. Create "
               "tokens with `switchyard tokens create %1`, which shows the token once and "
               "writes \"sha256:...\" here"_s.arg(entry.name.isEmpty() ? u"NAME"_s : entry.name));
        return;
    }
    if (!AccessToken::isValidHash(hash->toLatin1()) || hash->size() != hash->toLatin1().size()) {
        v.fail(hashPath, u"must be \"sha256:\" followed by 64 hex digits"_s);
        return;
    }
    entry.hash = hash->toLatin1().toLower();
}

} // namespace

QList<TokenEntry> parseTokens(const QJsonValue &value, Validator &v, const QString &path)
{
    QList<TokenEntry> tokens;
    if (value.isUndefined())
        return tokens;
    if (!value.isArray()) {
        v.fail(path, u"must be an array"_s);
        return tokens;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString entryPath = Validator::index(path, i);
        if (!array.at(i).isObject()) {
            v.fail(entryPath, u"must be an object"_s);
            continue;
        }
        const QJsonObject o = array.at(i).toObject();
        v.rejectUnknownKeys(o, entryPath,
                            { u"name"_s, u"hash"_s, u"routes"_s, u"models"_s, u"rate_limit"_s,
                              u"daily_budget_usd"_s });
        TokenEntry entry;
        if (auto name = v.string(o, u"name"_s, entryPath, true)) {
            if (!tokenNamePattern().match(*name).hasMatch())
                v.fail(Validator::join(entryPath, u"name"_s),
                       u"'%1' may use only letters, digits, '.', '_' and '-', up to 64 "
                       "characters"_s.arg(*name));
            for (const TokenEntry &other : std::as_const(tokens)) {
                if (other.name == *name)
                    v.fail(Validator::join(entryPath, u"name"_s),
                           u"'%1' is used by another token"_s.arg(*name));
            }
            entry.name = *name;
        }
        readHash(v, o, entryPath, entry);
        for (const TokenEntry &other : std::as_const(tokens)) {
            if (!entry.hash.isEmpty() && other.hash == entry.hash)
                v.fail(Validator::join(entryPath, u"hash"_s),
                       u"the same hash as token '%1'"_s.arg(other.name));
        }
        entry.allowedRoutes = readStringList(v, o, u"routes"_s, entryPath);
        entry.allowedModels = readStringList(v, o, u"models"_s, entryPath);
        entry.rateLimit = readRateLimit(v, o, entryPath);
        if (auto budget = v.nonNegative(o, u"daily_budget_usd"_s, entryPath))
            entry.dailyBudgetUsd = *budget;
        tokens.append(entry);
    }
    return tokens;
}

QJsonArray tokensToJson(const QList<TokenEntry> &tokens)
{
    QJsonArray array;
    for (const TokenEntry &t : tokens) {
        QJsonObject o { { u"name"_s, t.name }, { u"hash"_s, QString::fromLatin1(t.hash) } };
        if (!t.allowedRoutes.isEmpty())
            o.insert(u"routes"_s, QJsonArray::fromStringList(t.allowedRoutes));
        if (!t.allowedModels.isEmpty())
            o.insert(u"models"_s, QJsonArray::fromStringList(t.allowedModels));
        if (!t.rateLimit.isUnlimited())
            o.insert(u"rate_limit"_s, rateLimitToJson(t.rateLimit));
        if (t.dailyBudgetUsd != 0)
            o.insert(u"daily_budget_usd"_s, t.dailyBudgetUsd);
        array.append(o);
    }
    return array;
}

SecuritySettings parseSecuritySettings(const QJsonValue &value, Validator &v, const QString &path)
{
    SecuritySettings settings;
    if (value.isUndefined())
        return settings;
    if (!value.isObject()) {
        v.fail(path, u"must be an object"_s);
        return settings;
    }
    const QJsonObject o = value.toObject();
    v.rejectUnknownKeys(
        o, path,
        { u"require_tokens"_s, u"allowed_hosts"_s, u"allowed_origins"_s, u"rate_limit"_s });
    if (auto b = v.boolean(o, u"require_tokens"_s, path))
        settings.requireTokens = *b;
    settings.allowedHosts = readStringList(v, o, u"allowed_hosts"_s, path, [](const QString &h) {
        return HostPolicy::isValidHostEntry(h)
            ? QString()
            : u"'%1' is not a host name or address with an optional port (example: "
              "\"myhost.lan\" or \"myhost.lan:8484\")"_s.arg(h);
    });
    const QStringList origins = readStringList(
        v, o, u"allowed_origins"_s, path, [](const QString &origin) {
            if (origin == u"*"_s)
                return u"\"*\" is not allowed: list each origin (example: "
                       "\"http://localhost:3000\")"_s;
            if (origin == u"null"_s)
                return u"\"null\" is never allowed: it is the origin of sandboxed frames and "
                       "local files, which any page can create"_s;
            QString bare = origin;
            if (bare.endsWith(u'/'))
                bare.chop(1); // people copy origins from the address bar
            if (!OriginPolicy::normalise(bare.toLatin1()) || bare.size() != bare.toLatin1().size())
                return u"'%1' is not an origin (scheme://host[:port], example: "
                       "\"http://localhost:3000\")"_s.arg(origin);
            return QString();
        });
    for (QString origin : origins) {
        if (origin.endsWith(u'/'))
            origin.chop(1);
        const QString normalised = QString::fromLatin1(
            OriginPolicy::normalise(origin.toLatin1()).value_or(QByteArray()));
        if (!settings.allowedOrigins.contains(normalised))
            settings.allowedOrigins.append(normalised);
    }
    settings.rateLimit = readRateLimit(v, o, path);
    return settings;
}

QJsonObject securitySettingsToJson(const SecuritySettings &settings)
{
    QJsonObject o;
    if (settings.requireTokens)
        o.insert(u"require_tokens"_s, true);
    if (!settings.allowedHosts.isEmpty())
        o.insert(u"allowed_hosts"_s, QJsonArray::fromStringList(settings.allowedHosts));
    if (!settings.allowedOrigins.isEmpty())
        o.insert(u"allowed_origins"_s, QJsonArray::fromStringList(settings.allowedOrigins));
    if (!settings.rateLimit.isUnlimited())
        o.insert(u"rate_limit"_s, rateLimitToJson(settings.rateLimit));
    return o;
}

} // namespace switchyard::security
