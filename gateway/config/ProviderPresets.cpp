#include "ProviderPresets.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace switchyard::config {

namespace {
const QList<ProviderPreset> &presets()
{
    static const QList<ProviderPreset> all {
        { u"openai"_s, ProviderKind::OpenAi, u"https://api.openai.com/v1"_s, false, {} },
        { u"anthropic"_s, ProviderKind::Anthropic, u"https://api.anthropic.com/v1"_s, false, {} },
        { u"deepseek"_s, ProviderKind::OpenAi, u"https://api.deepseek.com/v1"_s, false, {} },
        { u"groq"_s, ProviderKind::OpenAi, u"https://api.groq.com/openai/v1"_s, false, {} },
        { u"mistral"_s, ProviderKind::OpenAi, u"https://api.mistral.ai/v1"_s, false, {} },
        { u"openrouter"_s, ProviderKind::OpenAi, u"https://openrouter.ai/api/v1"_s, false, {} },
        { u"together"_s, ProviderKind::OpenAi, u"https://api.together.xyz/v1"_s, false, {} },
        { u"xai"_s, ProviderKind::OpenAi, u"https://api.x.ai/v1"_s, false, {} },
        { u"fireworks"_s,
          ProviderKind::OpenAi,
          u"https://api.fireworks.ai/inference/v1"_s,
          false,
          {} },
        { u"gemini"_s,
          ProviderKind::OpenAi,
          u"https://generativelanguage.googleapis.com/v1beta/openai"_s,
          false,
          {} },
        { u"ollama"_s, ProviderKind::Ollama, u"http://127.0.0.1:11434"_s, true, {} },
        { u"lmstudio"_s, ProviderKind::OpenAi, u"http://127.0.0.1:1234/v1"_s, true, {} },
        { u"llamacpp"_s, ProviderKind::OpenAi, u"http://127.0.0.1:8080/v1"_s, true, u"/health"_s },
        { u"vllm"_s, ProviderKind::OpenAi, u"http://127.0.0.1:8000/v1"_s, true, u"/health"_s },
        { u"llm-d"_s, ProviderKind::OpenAi, u"http://127.0.0.1:8000/v1"_s, false, {} },
    };
    return all;
}
} // namespace

std::optional<ProviderPreset> findPreset(const QString &name)
{
    for (const ProviderPreset &p : presets()) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

QStringList presetNames()
{
    QStringList names;
    for (const ProviderPreset &p : presets())
        names.append(p.name);
    return names;
}

} // namespace switchyard::config
