#pragma once

#include "config/Config.h"
#include "routing/RequestFeatures.h"

#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace switchyard::routing {

/// The rule that sent a request to a route, with a reason a person can read in logs.
struct RuleMatch
{
    qsizetype index = -1; ///< position in config "rules"
    QString route;
    QString reason; ///< "rule 2: has_images"
};

/// The config's rules, compiled; the first rule whose conditions all hold wins.
class RuleSet final
{
public:
    /// Only text this long is searched by last_user_matches: bounds the cost of a bad pattern.
    static constexpr qsizetype maxMatchedChars = 32 * 1024;

    RuleSet() = default;
    explicit RuleSet(const QList<config::RuleConfig> &rules);

    std::optional<RuleMatch> match(const RequestFeatures &features) const;
    qsizetype size() const { return m_rules.size(); }

private:
    struct CompiledRule
    {
        config::RuleConfig rule;
        QRegularExpression lastUser;
    };
    /// The reason string when every condition holds, std::nullopt when one does not.
    static std::optional<QString> evaluate(const CompiledRule &rule,
                                           const RequestFeatures &features);

    QList<CompiledRule> m_rules;
};

} // namespace switchyard::routing
