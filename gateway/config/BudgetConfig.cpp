#include "BudgetConfig.h"

#include "base/ConfigValidator.h"

#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <cmath>

using namespace Qt::StringLiterals;

namespace switchyard::config {

namespace {

using base::ConfigValidator;

const QStringList &allowedKeys()
{
    static const QStringList keys { u"scope"_s, u"period"_s, u"limit_usd"_s, u"warn_at"_s,
                                    u"block"_s };
    return keys;
}

bool parseScope(const QString &text, BudgetConfig &budget)
{
    if (text == u"overall"_s) {
        budget.scope = BudgetScope::Overall;
        return true;
    }
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0)
        return false;
    const QString kind = text.left(colon);
    const QString name = text.mid(colon + 1).trimmed();
    if (name.isEmpty())
        return false;
    if (kind == u"provider"_s)
        budget.scope = BudgetScope::Provider;
    else if (kind == u"route"_s)
        budget.scope = BudgetScope::Route;
    else
        return false;
    budget.name = name;
    return true;
}

std::optional<BudgetConfig> parseOne(const QJsonObject &o, base::ConfigValidator &v,
                                     const QString &path)
{
    v.rejectUnknownKeys(o, path, allowedKeys());
    BudgetConfig budget;
    // An entry with a typo'd key is dropped like any other invalid one (the key is reported).
    bool ok = true;
    for (auto it = o.begin(); it != o.end(); ++it)
        ok = ok && allowedKeys().contains(it.key());

    if (const auto scope = v.string(o, u"scope"_s, path, true)) {
        if (!parseScope(*scope, budget)) {
            v.fail(base::ConfigValidator::join(path, u"scope"_s),
                   u"must be \"overall\", \"provider:NAME\" or \"route:NAME\""_s);
            ok = false;
        }
    } else {
        ok = false;
    }

    if (o.contains(u"period"_s)) {
        const auto period = v.string(o, u"period"_s, path, false);
        if (period == u"daily"_s)
            budget.period = BudgetPeriod::Daily;
        else if (period == u"monthly"_s)
            budget.period = BudgetPeriod::Monthly;
        else {
            if (period)
                v.fail(base::ConfigValidator::join(path, u"period"_s),
                       u"must be \"daily\" or \"monthly\""_s);
            ok = false;
        }
    }

    if (!o.contains(u"limit_usd"_s)) {
        v.fail(base::ConfigValidator::join(path, u"limit_usd"_s),
               u"missing (a number > 0 is required)"_s);
        ok = false;
    } else if (const auto limit = v.nonNegative(o, u"limit_usd"_s, path)) {
        if (*limit <= 0) {
            v.fail(base::ConfigValidator::join(path, u"limit_usd"_s), u"must be greater than 0"_s);
            ok = false;
        }
        budget.limitUsd = *limit;
    } else {
        ok = false;
    }

    if (o.contains(u"warn_at"_s)) {
        const auto warnAt = v.nonNegative(o, u"warn_at"_s, path);
        if (!warnAt || *warnAt <= 0 || *warnAt > 1) {
            if (warnAt)
                v.fail(base::ConfigValidator::join(path, u"warn_at"_s),
                       u"must be a fraction of the limit, greater than 0 and at most 1"_s);
            ok = false;
        } else {
            budget.warnAt = *warnAt;
        }
    }

    if (o.contains(u"block"_s)) {
        if (const auto block = v.boolean(o, u"block"_s, path))
            budget.block = *block;
        else
            ok = false;
    }
    return ok ? std::optional<BudgetConfig>(budget) : std::nullopt;
}

} // namespace

QString BudgetConfig::scopeString() const
{
    switch (scope) {
    case BudgetScope::Provider:
        return u"provider:"_s + name;
    case BudgetScope::Route:
        return u"route:"_s + name;
    case BudgetScope::Overall:
        break;
    }
    return u"overall"_s;
}

QString BudgetConfig::periodString() const
{
    return period == BudgetPeriod::Daily ? u"daily"_s : u"monthly"_s;
}

QString BudgetConfig::id() const
{
    return scopeString() + u' ' + periodString();
}

QList<BudgetConfig> parseBudgets(const QJsonValue &value, base::ConfigValidator &validator,
                                 const QString &path)
{
    QList<BudgetConfig> budgets;
    if (value.isUndefined() || value.isNull())
        return budgets;
    if (!value.isArray()) {
        validator.fail(path, u"must be an array of budgets"_s);
        return budgets;
    }
    const QJsonArray array = value.toArray();
    QSet<QString> seen;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = base::ConfigValidator::index(path, i);
        if (!array.at(i).isObject()) {
            validator.fail(itemPath, u"must be an object"_s);
            continue;
        }
        const std::optional<BudgetConfig> budget
            = parseOne(array.at(i).toObject(), validator, itemPath);
        if (!budget)
            continue;
        // Two limits on the same scope and period would make "which one blocked" ambiguous.
        if (seen.contains(budget->id())) {
            validator.fail(itemPath, u"duplicate budget for %1"_s.arg(budget->id()));
            continue;
        }
        seen.insert(budget->id());
        budgets.append(*budget);
    }
    return budgets;
}

QJsonArray budgetsToJson(const QList<BudgetConfig> &budgets)
{
    QJsonArray array;
    for (const BudgetConfig &b : budgets) {
        QJsonObject o;
        o.insert(u"scope"_s, b.scopeString());
        o.insert(u"period"_s, b.periodString());
        o.insert(u"limit_usd"_s, b.limitUsd);
        o.insert(u"warn_at"_s, b.warnAt);
        o.insert(u"block"_s, b.block);
        array.append(o);
    }
    return array;
}

} // namespace switchyard::config
