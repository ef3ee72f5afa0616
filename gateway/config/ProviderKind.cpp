#include "ProviderKind.h"

using namespace Qt::StringLiterals;

namespace switchyard::config {

namespace {
constexpr ProviderKind kAll[]
    = { ProviderKind::OpenAi, ProviderKind::Anthropic, ProviderKind::Ollama };
}

QString providerKindName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return u"openai"_s;
    case ProviderKind::Anthropic:
        return u"anthropic"_s;
    case ProviderKind::Ollama:
        return u"ollama"_s;
    }
    return QString();
}

std::optional<ProviderKind> parseProviderKind(QStringView name)
{
    for (ProviderKind kind : kAll) {
        if (name == providerKindName(kind))
            return kind;
    }
    return std::nullopt;
}

QStringList providerKindNames()
{
    QStringList names;
    for (ProviderKind kind : kAll)
        names.append(providerKindName(kind));
    return names;
}

} // namespace switchyard::config
