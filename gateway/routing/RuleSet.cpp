#include "RuleSet.h"

using namespace Qt::StringLiterals;

namespace switchyard::routing {

namespace {

QString flag(const QString &name, bool value)
{
    return value ? name : name + u"=false"_s;
}

} // namespace

RuleSet::RuleSet(const QList<config::RuleConfig> &rules)
{
    for (const auto &rule : rules) {
        CompiledRule compiled { rule, {} };
        if (rule.when.lastUserMatches) {
            compiled.lastUser.setPattern(*rule.when.lastUserMatches);
            compiled.lastUser.optimize(); // JIT-compiles now rather than on the first request
        }
        m_rules.append(compiled);
    }
}

std::optional<RuleMatch> RuleSet::match(const RequestFeatures &features) const
{
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        if (auto reason = evaluate(m_rules.at(i), features))
            return RuleMatch { i, m_rules.at(i).rule.route,
                               u"rule %1: %2"_s.arg(i + 1).arg(*reason) };
    }
    return std::nullopt;
}

std::optional<QString> RuleSet::evaluate(const CompiledRule &compiled, const RequestFeatures &f)
{
    const config::RuleCondition &when = compiled.rule.when;
    QStringList reasons;
    if (when.promptTokensOver) {
        if (f.promptTokens <= *when.promptTokensOver)
            return std::nullopt;
        reasons.append(u"~%1 prompt tokens > %2"_s.arg(f.promptTokens).arg(*when.promptTokensOver));
    }
    if (when.hasImages) {
        if (f.hasImages != *when.hasImages)
            return std::nullopt;
        reasons.append(flag(u"has_images"_s, *when.hasImages));
    }
    if (when.hasTools) {
        if (f.hasTools != *when.hasTools)
            return std::nullopt;
        reasons.append(flag(u"has_tools"_s, *when.hasTools));
    }
    if (when.model) {
        if (f.model != *when.model)
            return std::nullopt;
        reasons.append(u"model=%1"_s.arg(*when.model));
    }
    if (when.reasoning) {
        if (f.reasoning != *when.reasoning)
            return std::nullopt;
        reasons.append(flag(u"reasoning"_s, *when.reasoning));
    }
    for (const auto &[name, value] : when.headers) {
        // Values compare case-insensitively too: "Background" is what a person meant.
        const QString actual = QString::fromUtf8(f.header(name.toUtf8())).trimmed();
        if (actual.compare(value, Qt::CaseInsensitive) != 0)
            return std::nullopt;
        reasons.append(u"header %1: %2"_s.arg(name, value));
    }
    if (when.toolNamed) {
        if (!f.toolNames.contains(*when.toolNamed))
            return std::nullopt;
        reasons.append(u"tool_named %1"_s.arg(*when.toolNamed));
    }
    if (when.lastUserMatches) {
        QStringView text(f.lastUserText);
        if (text.size() > maxMatchedChars)
            text = text.first(maxMatchedChars);
        if (!compiled.lastUser.isValid() || !compiled.lastUser.match(text).hasMatch())
            return std::nullopt;
        reasons.append(u"last_user_matches"_s);
    }
    return reasons.join(u", "_s);
}

} // namespace switchyard::routing
