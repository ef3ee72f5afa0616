// One protocol codec (SWITCHYARD_FUZZ_FORMAT): its request, response, error and stream
// decoders on the same input, and everything they produce re-encoded by every codec, as the
// gateway does when it translates between two formats.
#include "FuzzSupport.h"
#include "api/SseParser.h"
#include "api/canonical/Codecs.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace switchyard;
using namespace switchyard::api;

namespace {

constexpr base::WireFormat kFormat = base::WireFormat::SWITCHYARD_FUZZ_FORMAT;
constexpr base::WireFormat kAllFormats[]
    = { base::WireFormat::OpenAiChat, base::WireFormat::AnthropicMessages,
        base::WireFormat::OpenAiResponses, base::WireFormat::OllamaChat };

void encodeEverywhere(const canonical::Request &request)
{
    for (const base::WireFormat format : kAllFormats) {
        const QJsonObject body = canonical::codecFor(format)->encodeRequest(request);
        (void)QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
}

void encodeEverywhere(canonical::Response response)
{
    response.model = QStringLiteral("alias");
    for (const base::WireFormat format : kAllFormats)
        (void)canonical::codecFor(format)->encodeResponse(response);
}

// The upstream's stream split as ProxyCall splits it: SSE events, or NDJSON lines for Ollama.
QList<canonical::StreamEvent> decodeStream(const canonical::Codec &codec, QByteArrayView bytes)
{
    const auto decoder = codec.streamDecoder();
    QList<canonical::StreamEvent> events;
    if (kFormat == base::WireFormat::OllamaChat) {
        qsizetype pos = 0;
        while (pos < bytes.size()) {
            qsizetype end = bytes.indexOf('\n', pos);
            if (end < 0)
                end = bytes.size();
            const QByteArrayView line = bytes.sliced(pos, end - pos);
            if (!line.trimmed().isEmpty())
                events += decoder->decode({}, line.toByteArray());
            pos = end + 1;
        }
    } else {
        SseParser parser;
        for (const SseEvent &event : parser.feed(bytes))
            events += decoder->decode(event.event, event.data);
    }
    events += decoder->finish();
    return events;
}

void encodeStreamEverywhere(const QList<canonical::StreamEvent> &events,
                            const canonical::Request &request)
{
    for (const base::WireFormat format : kAllFormats) {
        const auto encoder = canonical::codecFor(format)->streamEncoder(request);
        for (const canonical::StreamEvent &event : events)
            (void)encoder->encode(event);
        (void)encoder->finish();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes = fuzz::input(data, size);
    const QByteArray body = bytes.toByteArray();
    const canonical::Codec &codec = *canonical::codecFor(kFormat);

    canonical::Request request;
    request.model = QStringLiteral("client-model");
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isObject()) {
        const QJsonObject object = document.object();
        auto decoded = codec.decodeRequest(object);
        if (auto *valid = std::get_if<canonical::Request>(&decoded)) {
            encodeEverywhere(*valid);
            request = *valid;
        } else if (std::get<base::ApiError>(decoded).message.isEmpty()) {
            fuzz::fail("request refused without a message");
        }
        const auto response = codec.decodeResponse(object);
        if (const auto *valid = std::get_if<canonical::Response>(&response))
            encodeEverywhere(*valid);
    }

    const int status = 400 + int(fuzz::inputHash(bytes) % 200);
    const base::ApiError error = codec.decodeError(status, body);
    for (const base::WireFormat format : kAllFormats)
        (void)canonical::codecFor(format)->encodeError(error);

    encodeStreamEverywhere(decodeStream(codec, bytes), request);
    return 0;
}
