#include "Codecs.h"

#include "api/canonical/AnthropicCodec.h"
#include "api/canonical/OllamaCodec.h"
#include "api/canonical/OpenAiChatCodec.h"
#include "api/canonical/OpenAiResponsesCodec.h"

namespace switchyard::api::canonical {

const Codec *codecFor(base::WireFormat format)
{
    static const OpenAiChatCodec openAi;
    static const AnthropicCodec anthropic;
    static const OpenAiResponsesCodec responses;
    static const OllamaCodec ollama;
    switch (format) {
    case base::WireFormat::OpenAiChat:
        return &openAi;
    case base::WireFormat::AnthropicMessages:
        return &anthropic;
    case base::WireFormat::OpenAiResponses:
        return &responses;
    case base::WireFormat::OllamaChat:
        return &ollama;
    case base::WireFormat::OpenAiCompletions:
    case base::WireFormat::OpenAiEmbeddings:
        break;
    }
    return nullptr;
}

} // namespace switchyard::api::canonical
