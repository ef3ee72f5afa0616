// Request validation for the OpenAI endpoints (parseOpenAiRequest), on raw bodies.
#include "FuzzSupport.h"
#include "api/OpenAiValidation.h"
#include "base/ErrorWriter.h"

using namespace switchyard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = fuzz::input(data, size).toByteArray();
    for (const auto endpoint :
         { api::OpenAiEndpoint::ChatCompletions, api::OpenAiEndpoint::Completions,
           api::OpenAiEndpoint::Embeddings }) {
        const auto result = api::parseOpenAiRequest(endpoint, body);
        if (const auto *error = std::get_if<base::ApiError>(&result)) {
            if (error->status != 400 || error->message.isEmpty())
                fuzz::fail("a validation error that is not a 400 with a message");
            (void)base::ErrorWriter::body(*error, base::WireFormat::OpenAiChat);
            (void)base::ErrorWriter::body(*error, base::WireFormat::AnthropicMessages);
        } else if (std::get<api::RequestContext>(result).model.isEmpty()) {
            fuzz::fail("a valid request without a model");
        }
    }
    return 0;
}
