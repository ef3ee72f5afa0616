#include "ProviderAdapters.h"

#include "providers/AnthropicAdapter.h"
#include "providers/OllamaAdapter.h"
#include "providers/OpenAiAdapter.h"

namespace switchyard::providers {

const ProviderAdapter &adapterFor(config::ProviderKind kind)
{
    static const OpenAiAdapter openAi;
    static const AnthropicAdapter anthropic;
    static const OllamaAdapter ollama;
    switch (kind) {
    case config::ProviderKind::Anthropic:
        return anthropic;
    case config::ProviderKind::Ollama:
        return ollama;
    case config::ProviderKind::OpenAi:
        break;
    }
    return openAi;
}

} // namespace switchyard::providers
