#include "Codecs.h"

#include "api/canonical/AnthropicCodec.h"
#include "api/canonical/OllamaCodec.h"
#include "api/canonical/OpenAiChatCodec.h"
#include "api/canonical/OpenAiResponsesCodec.h"

namespace switchyard::api::canonical {

const Codec *codecFor(WireFormat format)
{
    static const OpenAiChatCodec openAi;
    static const AnthropicCodec anthropic;
    static const OpenAiResponsesCodec responses;
    static const OllamaCodec ollama;
    switch (format) {
    case WireFormat::OpenAiChat:
        return &openAi;
    case WireFormat::AnthropicMessages:
        return &anthropic;
    case WireFormat::OpenAiResponses:
        return &responses;
    case WireFormat::OllamaChat:
        return &ollama;
    case WireFormat::OpenAiCompletions:
    case WireFormat::OpenAiEmbeddings:
        break;
    }
    return nullptr;
}

} // namespace switchyard::api::canonical
