#include "Codecs.h"

#include "api/canonical/AnthropicCodec.h"
#include "api/canonical/OpenAiChatCodec.h"

namespace switchyard::api::canonical {

const Codec *codecFor(WireFormat format)
{
    static const OpenAiChatCodec openAi;
    static const AnthropicCodec anthropic;
    switch (format) {
    case WireFormat::OpenAiChat:
        return &openAi;
    case WireFormat::AnthropicMessages:
        return &anthropic;
    case WireFormat::OpenAiCompletions:
    case WireFormat::OpenAiEmbeddings:
        break;
    }
    return nullptr;
}

} // namespace switchyard::api::canonical
